from django.contrib.auth import views as auth_views
from django.urls import path

from . import mfa_views, oidc_views, useradmin, views, webauthn_views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.SignInView.as_view(), name="login"),
    # The second factor (accounts/mfa.py): a step of signing in, and one's own settings.
    path("logga-in/kod/", mfa_views.sign_in_code, name="mfa_sign_in_code"),
    path("logga-in/ny-app/", mfa_views.sign_in_enrol, name="mfa_sign_in_enrol"),
    path("tvastegsverifiering/", mfa_views.settings_page, name="mfa"),
    path("tvastegsverifiering/ny-app/", mfa_views.enrol, name="mfa_enrol"),
    path("tvastegsverifiering/reservkoder/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("tvastegsverifiering/stang-av/", mfa_views.disable, name="mfa_disable"),
    # Passkeys (accounts/webauthn.py): the ceremonies' options as JSON, the rest pages.
    path("logga-in/nyckel/", webauthn_views.passkey_sign_in, name="webauthn_sign_in"),
    path(
        "logga-in/nyckel/alternativ/",
        webauthn_views.passkey_sign_in_options,
        name="webauthn_sign_in_options",
    ),
    path("tvastegsverifiering/ny-nyckel/", webauthn_views.passkey_add, name="webauthn_register"),
    path(
        "tvastegsverifiering/ny-nyckel/alternativ/",
        webauthn_views.passkey_add_options,
        name="webauthn_register_options",
    ),
    path(
        "tvastegsverifiering/nyckel/<int:pk>/ta-bort/",
        webauthn_views.passkey_removal,
        name="webauthn_remove",
    ),
    path(
        "tvastegsverifiering/nyckel/alternativ/",
        webauthn_views.passkey_confirm_options,
        name="webauthn_confirm_options",
    ),
    path("logga-ut/", oidc_views.SignOutView.as_view(), name="logout"),
    path("logga-in/organisation/", oidc_views.oidc_start, name="oidc_start"),
    path("logga-in/organisation/klar/", oidc_views.oidc_callback, name="oidc_callback"),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("aterstall/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("aviseringar/", views.notification_settings, name="notification_settings"),
    path("bjud-in/", views.invite, name="invite"),
    path("inbjudan/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite_accept"),
    # Staff user administration (accounts/useradmin.py).
    path("anvandare/", useradmin.user_list, name="users"),
    path("anvandare/<int:pk>/", useradmin.user_detail, name="user_detail"),
    path(
        "anvandare/tvastegsverifiering/",
        useradmin.reporter_mfa_setting,
        name="reporter_mfa_setting",
    ),
    path("anvandare/<int:pk>/inaktivera/", useradmin.user_deactivate, name="user_deactivate"),
    path("anvandare/<int:pk>/aktivera/", useradmin.user_reactivate, name="user_reactivate"),
    path(
        "anvandare/<int:pk>/aterstall-tvastegsverifiering/",
        useradmin.user_mfa_reset,
        name="user_mfa_reset",
    ),
    path(
        "inbjudningar/<int:pk>/skicka-igen/",
        useradmin.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "inbjudningar/<int:pk>/aterkalla/",
        useradmin.invitation_revoke_view,
        name="invitation_revoke",
    ),
]
