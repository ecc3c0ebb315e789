"""A test-only URLconf: the portal plus one deliberately broken page.

Used by test_harness_bites.py to prove the axe and reflow checks fail when
they should. The template lives here, not in templates/: it is never part of
the portal.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from integration_portal.urls import urlpatterns as portal_urlpatterns

BROKEN_PAGE = """{% extends "base.html" %}
{% block title %}Trasig sida{% endblock %}
{% block content %}
<h1>Trasig sida</h1>
<form method="post"><input type="text" name="antal"><button type="submit">Spara</button></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<table class="table"><tr>{% for i in columns %}<td>Mottagningskapacitet</td>{% endfor %}
</tr></table>
{% endblock %}"""


def broken(request):
    template = engines["django"].from_string(BROKEN_PAGE)
    return HttpResponse(template.render({"columns": range(12)}, request))


urlpatterns = [*portal_urlpatterns, path("trasig-sida/", broken, name="broken_page")]
