"""Staff user administration: who reports for the county's municipalities, their
invitations (send again, revoke) and deactivating or reactivating an account.

County staff see the reporters of their own county only (``core.counties.staff_county``):
an account of another county is not found (404); reporters get 403 and anonymous users
the sign-in page (``staff_required``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.counties import staff_county
from core.forms import apply_service_errors
from core.locking import StaleVersion
from core.models import County, Municipality

from . import forms, mfa, services
from .models import AccountEvent, Invitation, User


def county_reporters(county: County) -> QuerySet[User]:
    """Reporters tied to at least one municipality of ``county``."""
    return (
        User.objects.filter(role=User.Role.REPORTER, municipalities__county=county)
        .distinct()
        .select_related("invitation")
    )


def _query(request: HttpRequest) -> str:
    asked = request.GET.get("lan", "")
    return f"?lan={asked}" if asked else ""


def account_state(user: User, now) -> str:
    """What the list shows for an account: active, deactivated, or where its invitation is."""
    invitation = getattr(user, "invitation", None)
    if invitation is not None and invitation.status == Invitation.Status.REVOKED:
        return _("Inbjudan återkallad")
    if not user.is_active:
        return _("Inaktiverat")
    if invitation is not None and invitation.status == Invitation.Status.PENDING:
        if invitation.is_expired(now):
            return _("Inbjudan har gått ut")
        return _("Inbjuden, har inte valt lösenord")
    return _("Aktivt")


@staff_required
def user_list(request: HttpRequest) -> HttpResponse:
    county = staff_county(request)
    now = timezone.now()
    reporters = (
        User.objects.filter(role=User.Role.REPORTER)
        .select_related("invitation")
        .order_by("last_name", "first_name", "email")
    )
    municipalities = list(
        Municipality.objects.filter(county=county)
        .order_by("name")
        .prefetch_related(Prefetch("reporters", queryset=reporters))
    )
    rows = [(m, [(u, account_state(u, now)) for u in m.reporters.all()]) for m in municipalities]
    invitations = [
        (invitation, invitation.is_expired(now))
        for invitation in Invitation.objects.filter(
            user__in=county_reporters(county),
            status__in=[Invitation.Status.PENDING, Invitation.Status.REVOKED],
        )
        .select_related("user", "invited_by")
        .order_by("status", "expires_at")
    ]
    enrolled, active = mfa.enrolment_counts(county_reporters(county).filter(is_active=True))
    return render(
        request,
        "accounts/users.html",
        {
            "county": county,
            "rows": rows,
            "invitations": invitations,
            "query": _query(request),
            "mfa_form": forms.ReporterMfaForm(
                initial={"required": county.reporters_need_mfa},
                action=reverse("accounts:reporter_mfa_setting") + _query(request),
            ),
            "mfa_required_everywhere": settings.MFA_REQUIRED_FOR_REPORTERS,
            "reporters_enrolled": enrolled,
            "reporters_active": active,
            "mfa_changed_by": county.reporters_need_mfa_changed_by,
        },
    )


def _account(request: HttpRequest, pk: int) -> User:
    """A reporter of the staff member's county, or 404."""
    return get_object_or_404(county_reporters(staff_county(request)), pk=pk)


def _mfa_reset_form(account: User, query: str, data=None) -> forms.MfaResetForm:
    return forms.MfaResetForm(
        data,
        prefix="mfa",
        action=reverse("accounts:user_mfa_reset", kwargs={"pk": account.pk}) + query,
    )


def _detail(
    request: HttpRequest,
    account: User,
    form: forms.AccountStatusForm | None = None,
    mfa_form: forms.MfaResetForm | None = None,
) -> HttpResponse:
    now = timezone.now()
    query = _query(request)
    if form is None:
        form = forms.AccountStatusForm(
            initial={"version": account.version},
            action=_status_action(account, query),
            active=account.is_active,
        )
    events = (
        AccountEvent.objects.filter(account=account).select_related("actor").order_by("-at", "-pk")
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "state": account_state(account, now),
            "municipalities": account.municipalities.select_related("county").order_by("name"),
            "invitation": getattr(account, "invitation", None),
            "invitation_expired": (
                account.invitation.is_expired(now) if hasattr(account, "invitation") else False
            ),
            "events": events,
            "form": form,
            "mfa_enrolled": mfa.is_enrolled(account),
            "mfa_form": mfa_form or _mfa_reset_form(account, query),
            "query": query,
            "is_self": account.pk == request.user.pk,
        },
        status=200,
    )


def _status_action(account: User, query: str) -> str:
    name = "accounts:user_deactivate" if account.is_active else "accounts:user_reactivate"
    return reverse(name, kwargs={"pk": account.pk}) + query


@require_POST
@staff_required
def reporter_mfa_setting(request: HttpRequest) -> HttpResponse:
    """Staff require two-step verification of their county's reporters (or stop)."""
    county = staff_county(request)
    form = forms.ReporterMfaForm(request.POST)
    if form.is_valid():
        required = form.cleaned_data["required"]
        changed = services.reporter_mfa_set(
            request=request, county=county, required=required, by=request.user
        )
        if not changed:
            messages.info(request, _("Inställningen var redan sparad så. Inget har ändrats."))
        elif required:
            messages.success(
                request,
                _(
                    "Kommunernas rapportörer i %(c)s måste nu använda tvåstegsverifiering "
                    "från nästa inloggning."
                )
                % {"c": county.name},
            )
        else:
            messages.success(
                request,
                _("Tvåstegsverifiering är nu frivillig för kommunernas rapportörer i %(c)s.")
                % {"c": county.name},
            )
    return redirect(reverse("accounts:users") + _query(request))


@staff_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _account(request, pk))


def _change_status(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    account = _account(request, pk)
    form = forms.AccountStatusForm(
        request.POST, action=_status_action(account, _query(request)), active=not active
    )
    if form.is_valid():
        service = services.account_reactivate if active else services.account_deactivate
        try:
            service(
                request=request,
                user_id=account.pk,
                version=form.cleaned_data["version"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if isinstance(error, StaleVersion) and error.instance is not None:
                account = error.instance  # as stored now
            apply_service_errors(form, error)
            # The page shows the account as it is now; a new attempt needs its new version.
            form = _rebound(form, account, request)
            return _detail(request, account, form)
        if active:
            messages.success(request, _("Kontot är aktivt igen. Personen kan logga in."))
        else:
            messages.success(request, _("Kontot är inaktiverat. Personen kan inte logga in."))
        return redirect(reverse("accounts:user_detail", kwargs={"pk": pk}) + _query(request))
    return _detail(request, account, form)


def _rebound(form: forms.AccountStatusForm, account: User, request) -> forms.AccountStatusForm:
    data = request.POST.copy()
    data["version"] = account.version
    fresh = forms.AccountStatusForm(
        data, action=_status_action(account, _query(request)), active=account.is_active
    )
    fresh.is_valid()
    for field, errors in form.errors.items():
        for error in errors:
            fresh.add_error(None if field == "__all__" else field, error)
    return fresh


@require_POST
@staff_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, active=False)


@require_POST
@staff_required
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, active=True)


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(user__in=county_reporters(staff_county(request))), pk=pk
    )


def _invitation_action(request: HttpRequest, pk: int, *, revoke: bool) -> HttpResponse:
    invitation = _invitation(request, pk)
    form = forms.AccountVersionForm(request.POST)
    back = reverse("accounts:users") + _query(request)
    if not form.is_valid():
        messages.error(request, _("Sidan var inaktuell. Inget har ändrats; försök igen."))
        return redirect(back)
    try:
        if revoke:
            services.invitation_revoke(
                request=request,
                invitation_id=invitation.pk,
                version=form.cleaned_data["version"],
                by=request.user,
            )
        else:
            services.invitation_resend(
                request=request,
                invitation_id=invitation.pk,
                version=form.cleaned_data["version"],
                by=request.user,
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    email = invitation.user.email
    if revoke:
        messages.success(
            request,
            _("Inbjudan till %(email)s är återkallad. Länken fungerar inte längre.")
            % {"email": email},
        )
    else:
        messages.success(
            request,
            _("En ny inbjudan har skickats till %(email)s. Den tidigare länken fungerar inte.")
            % {"email": email},
        )
    return redirect(back)


@require_POST
@staff_required
def invitation_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(request, pk, revoke=False)


@require_POST
@staff_required
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(request, pk, revoke=True)


@require_POST
@staff_required
def user_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A reporter lost their phone: remove their app and recovery codes, so they can set
    up a new one (at the next sign-in, where the county requires it)."""
    account = _account(request, pk)
    form = _mfa_reset_form(account, _query(request), request.POST)
    if not mfa.is_enrolled(account):
        form.is_valid()
        form.add_error(None, _("Kontot har ingen tvåstegsverifiering att återställa."))
    elif form.is_valid():
        mfa.mfa_reset(
            request=request, user=account, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _(
                "Tvåstegsverifieringen är återställd. Personen loggar in med sitt lösenord "
                "och ställer in en ny app."
            ),
        )
        return redirect(reverse("accounts:user_detail", kwargs={"pk": pk}) + _query(request))
    return _detail(request, account, mfa_form=form)
