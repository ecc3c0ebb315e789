"""The portal's pages for the API: a person's tokens, and the API's own description."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import signed_in_role_required
from core.forms import apply_service_errors
from core.locking import claim_form_token

from . import services
from .docs import components, operations
from .forms import TokenForm
from .models import ApiToken


@signed_in_role_required
def token_list(request):
    """A person's tokens and the form for a new one. After creating, the token is shown
    on this answer only (never stored, never in a redirect's URL or session)."""
    form = TokenForm(request.POST or None, user=request.user)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                claim_form_token(data["once"])
                created, secret = services.token_create(
                    user=request.user,
                    name=data["name"],
                    scopes=data["scopes"],
                    days=data["days"],
                    municipality=data.get("municipality"),
                    county=data.get("county"),
                )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = TokenForm(user=request.user)
    tokens = list(ApiToken.objects.of_owner(request.user))
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "created": created,
            "secret": secret,
            "now": timezone.now(),
        },
    )


@require_POST
@signed_in_role_required
def token_revoke_view(request, pk: int):
    # Only the owner's own tokens: anyone else's is not found.
    token = get_object_or_404(ApiToken.objects.of_owner(request.user), pk=pk)
    services.token_revoke(token=token, user=request.user)
    messages.success(
        request,
        _("Nyckeln %(name)s är återkallad. Anrop med den avböjs från och med nu.")
        % {"name": token.name},
    )
    return redirect("api:tokens")


def docs(request):
    """The API's description as a page of the portal (no Swagger UI from a CDN)."""
    from .v1 import api

    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"schema": schema, "groups": operations(schema), "components": components(schema)},
    )
