"""A test-only URLconf: the portal plus pages whose forms do not draw every field.

Used by test_harness_bites.py to prove the form-fields check fails when it
should, and passes on a form drawn by hand. The forms and templates live here,
not in the apps or templates/: they are never part of the portal.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from core.forms import BaseForm, VersionField
from integration_portal.urls import urlpatterns as portal_urlpatterns


class HelperBoundTooEarlyForm(forms.Form):
    """Last round's defect: the helper is bound to the form, then a field is added."""

    municipality = forms.CharField(label="Kommun")
    version = VersionField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)  # freezes the layout to municipality and version
        self.helper.add_input(Submit("submit", "Spara"))
        self.fields["places_anvisade"] = forms.IntegerField(label="Anvisade nyanlända")


class LayoutOmitsAFieldForm(BaseForm):
    """A layout that names some fields only: crispy draws those and drops the rest."""

    municipality = forms.CharField(label="Kommun")
    reason = forms.CharField(label="Skäl")
    version = VersionField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("municipality")  # reason and version left out


class HandDrawnForm(BaseForm):
    municipality = forms.CharField(label="Kommun")
    version = VersionField()


HAND_DRAWN = """{% extends "base.html" %}
{% block title %}För hand{% endblock %}
{% block content %}
<h1>För hand</h1>
<form method="post" novalidate>{% csrf_token %}{{ form.version }}
<label for="{{ form.municipality.id_for_label }}">Kommun</label>
<input type="text" name="{{ form.municipality.html_name }}"
  id="{{ form.municipality.id_for_label }}">
<button type="submit">Spara</button></form>
{% endblock %}"""

HIDDEN_OUTSIDE_THE_FORM = """{% extends "base.html" %}
{% block title %}Utanför{% endblock %}
{% block content %}
<h1>Utanför</h1>
{{ form.version }}
<form method="post" novalidate>{% csrf_token %}
<label for="{{ form.municipality.id_for_label }}">Kommun</label>{{ form.municipality }}
<button type="submit">Spara</button></form>
{% endblock %}"""

CRISPY_PAGE = """{% extends "base.html" %}
{% block title %}Trasigt formulär{% endblock %}
{% block content %}<h1>Trasigt formulär</h1>{% include "partials/form.html" %}{% endblock %}"""


def _page(source: str, form_class):
    def view(request):
        form = form_class(request.POST or None, initial={"version": 1})
        if request.method == "POST":
            form.is_valid()  # drawn again with its errors, as a view does
        # from_string templates send the test client's template_rendered signal too,
        # so response.context holds the form.
        template = engines["django"].from_string(source)
        return HttpResponse(template.render({"form": form}, request))

    return view


urlpatterns = [
    *portal_urlpatterns,
    path("for-tidigt-bunden/", _page(CRISPY_PAGE, HelperBoundTooEarlyForm), name="too_early"),
    path("layout-utan-falt/", _page(CRISPY_PAGE, LayoutOmitsAFieldForm), name="layout_omits"),
    path("for-hand/", _page(HAND_DRAWN, HandDrawnForm), name="hand_drawn"),
    path("dolt-falt-utanfor/", _page(HIDDEN_OUTSIDE_THE_FORM, HandDrawnForm), name="outside"),
]
