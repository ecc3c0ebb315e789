from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..services import ConflictError


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form's fields (or on the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def conflict_form(form_class: type[forms.Form], request, exc: ConflictError, **kwargs):
    """Re-bind the posted values with the newer version so a resubmit is deliberate."""
    data = request.POST.copy()
    data["version"] = exc.instance.version
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Någon annan har sparat ändringar medan du arbetade. Inget av det du skrev har "
            "sparats. Jämför med de nya uppgifterna nedan och spara igen om dina ändringar "
            "fortfarande stämmer."
        ),
    )
    return form
