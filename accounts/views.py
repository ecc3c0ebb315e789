from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import readable_municipalities, staff_municipalities, staff_required

from . import forms, services


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Reporters start at what their municipality owes; everyone else at 'Mina sidor'."""
        if getattr(self.request.user, "is_reporter", False):
            return resolve_url(settings.REPORTER_LOGIN_REDIRECT_URL)
        return super().get_default_redirect_url()


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PortalPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PortalPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.PortalSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invitee chooses a password through the one-time link."""

    form_class = forms.PortalSetPasswordForm
    template_name = "accounts/invite_accept.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
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
        user = services.reporter_invite(
            request=request,
            invited_by=request.user,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            title=form.cleaned_data["title"],
            municipalities=form.cleaned_data["municipalities"],
        )
        messages.success(
            request,
            _("En inbjudan har skickats till %(email)s.") % {"email": user.email},
        )
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})
