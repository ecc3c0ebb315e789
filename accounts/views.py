from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import (
    is_county_staff,
    readable_municipalities,
    staff_municipalities,
    staff_required,
)
from core.forms import apply_service_errors
from core.locking import created_once

from . import forms, mfa, oidc, services, throttle
from .security import client_ip
from .tokens import invitation_tokens


def too_many_message() -> str:
    return _("För många försök på kort tid, så inget har skickats. Vänta en stund och försök igen.")


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Password spraying: many accounts, few guesses each, from one address. django-axes
        # counts per account and address; this counts the address's failures over all.
        if throttle.signin_failures_per_address().reached(client_ip(request)):
            return render(request, "registration/throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """A correct password signs in, unless the account has (or must have) a second
        factor: then the sign-in waits in the session for the code (accounts/mfa.py)."""
        user = form.get_user()
        enrolled = mfa.is_enrolled(user)
        if enrolled or mfa.required_for(user):
            next_url = self.get_redirect_url() or self.landing_url(user)
            mfa.pending_start(self.request, user, next_url=next_url)
            name = "accounts:mfa_sign_in_code" if enrolled else "accounts:mfa_sign_in_enrol"
            return redirect(name)
        response = super().form_valid(form)
        self.request.session[mfa.FACTOR] = "password"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if oidc.enabled():
            context["oidc_organisation"] = oidc.organisation()
        return context

    def get_default_redirect_url(self) -> str:
        """Reporters start at what their municipality owes, staff at what waits for them
        (the dashboard), an account with no role yet at 'Mina sidor'."""
        return self.landing_url(self.request.user)

    def landing_url(self, user) -> str:
        if getattr(user, "is_reporter", False):
            return resolve_url(settings.REPORTER_LOGIN_REDIRECT_URL)
        if not is_county_staff(user):
            return resolve_url("accounts:home")
        return super().get_default_redirect_url()


def admin_login(request):
    """The Django admin's sign-in page, replaced: the portal's own sign-in (password and
    second factor) and then back to the admin page asked for."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        # Signed in without access to the admin: not a second sign-in page.
        raise PermissionDenied
    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PortalPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        if throttle.password_reset_per_address().hit(client_ip(self.request)):
            form.add_error(None, too_many_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if throttle.password_reset_per_email().hit(form.cleaned_data["email"]):
            # Said the same as a sent link: the page must not tell whether an account
            # exists, and the mailbox gets no more than the limit.
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.PortalSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invitee chooses a password through the one-time link."""

    form_class = forms.PortalSetPasswordForm
    template_name = "accounts/invite_accept.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False
    token_generator = invitation_tokens

    @method_decorator(transaction.atomic)
    def form_valid(self, form):
        response = super().form_valid(form)
        services.invitation_accepted(user=form.user)
        messages.success(self.request, gettext_lazy("Ditt lösenord är sparat. Nu kan du logga in."))
        return response


@login_required
def home(request):
    """'My pages': who you are, what you may work with, where to go next."""
    municipalities = readable_municipalities(request.user).select_related("county")
    return render(
        request,
        "accounts/home.html",
        {"municipalities": municipalities, "municipality_count": municipalities.count()},
    )


@staff_required
def invite(request):
    scope = staff_municipalities(request.user).order_by("name")
    form = forms.InviteReporterForm(request.POST or None, municipalities=scope)
    if request.method == "POST" and form.is_valid():
        over_address = throttle.invitations_per_address().hit(client_ip(request))
        if over_address or throttle.invitations_per_email().hit(form.cleaned_data["email"]):
            form.add_error(None, too_many_message())
            return render(request, "accounts/invite.html", {"form": form}, status=429)
        try:
            # The form checked the address; a parallel post of the same one may still
            # win the race to the unique index: that one is the invitation sent.
            with created_once({"email": forms.email_taken_message()}):
                user = services.reporter_invite(
                    request=request,
                    invited_by=request.user,
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    title=form.cleaned_data["title"],
                    municipalities=form.cleaned_data["municipalities"],
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("En inbjudan har skickats till %(email)s.") % {"email": user.email},
            )
            return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


@staff_required
def notification_settings(request):
    """A staff member's own choice of e-mails (only their own row, so a simple save)."""
    # Not ``request.POST or None``: unticking the only box posts nothing but the token.
    form = forms.NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"notify_on_report": request.user.notify_on_report},
    )
    if request.method == "POST" and form.is_valid():
        services.notification_settings_save(
            user=request.user, notify_on_report=form.cleaned_data["notify_on_report"]
        )
        if request.user.notify_on_report:
            messages.success(request, _("Sparat. Du får e-post när en rapport kommer in."))
        else:
            messages.success(request, _("Sparat. Du får inte e-post när en rapport kommer in."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})
