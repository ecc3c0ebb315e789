"""Settings for Integrationsportalen.

Every deployment-specific value comes from the environment (see README and
.env.example). Defaults are safe: DEBUG is off and production refuses to start
without a SECRET_KEY.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_phone, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        # Only ever used with DEBUG on, on a developer's own machine.
        SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, 'Settings')."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "csp",
    # Multi-factor authentication (accounts/mfa.py): TOTP apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Passkeys (WebAuthn) as a second factor (accounts/webauthn.py): the credential model
    # and py_webauthn's verification; the portal serves its own pages, not the app's URLs.
    "django_otp_webauthn",
    "simple_history",
    "core",
    "accounts",
    "agreements",
    "reception",
    "activities",
    "surveys",
    "contacts",
    "overview",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body or the query string (issue 15).
    "integration_portal.middleware.RequestBodyLimitMiddleware",
    "integration_portal.middleware.UndecodableRequestMiddleware",
    "integration_portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "integration_portal.middleware.ChosenLanguageMiddleware",
    # /api/: the language from Accept-Language, the security log line of every call.
    "api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integration_portal.urls"
WSGI_APPLICATION = "integration_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integration_portal.context_processors.portal",
                "integration_portal.context_processors.csrf_placeholder",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite is the embedded default; production and CI use PostgreSQL via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
            conn_health_checks=True,
        )
    }
except Exception as exc:  # dj-database-url raises several kinds on bad input
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, checking a reused connection's health only after it idled
    # (integration_portal/postgresql/base.py): one round trip less per request.
    DATABASES["default"]["ENGINE"] = "integration_portal.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (the page cache, the sign-in user, fragments) --------------------
# Embedded default: each process's own memory (make run, one instance). Several
# workers or app servers: CACHE_URL=redis://host:6379/1 (Django's Redis cache,
# redis-py), shared by all, so each page is rendered once for all of them.
CACHE_URL = env_str("CACHE_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Tests run in parallel workers against one Redis database: a prefix each.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal")
            + (os.environ.get("PYTEST_XDIST_WORKER") or ""),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif CACHE_URL in ("", "locmem:"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("CACHE_URL must be redis://host:port/db (or empty: memory)")

# --- Users and sign-in ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:dashboard"
#: Where a municipality reporter lands after signing in (without a ?next=): what is due.
REPORTER_LOGIN_REDIRECT_URL = "reception:inbox"
LOGOUT_REDIRECT_URL = "contacts:home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Throttle sign-in by the pair (account, IP address): an attacker elsewhere
# cannot lock a real user out by hammering their e-mail address alone.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ----------------------------------------------------------------
# console: by default; smtp://user:password@host:587/?tls=True in production.
try:
    _email = dj_email_url.parse(env_str("EMAIL_URL") or "console:")
except Exception as exc:
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from None
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "integrationsportalen@example.se")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The e-mail outbox (core/outbox.py): seconds before an SMTP connect or reply counts as
# failed, and whether the process that committed a change tries to deliver its e-mails
# at once (off: only `manage.py deliver_outbox` sends, so no request ever talks SMTP).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_TIMEOUT <= 0:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be a positive number of seconds.")
OUTBOX_DELIVER_ON_COMMIT = env_bool("OUTBOX_DELIVER_ON_COMMIT", True)

# The organisation shown in the header, footer and accessibility statement.
PORTAL_ORGANISATION = env_str("PORTAL_ORGANISATION", "Länsstyrelsen i Stockholms län")
PORTAL_COUNTY_CODE = env_str("PORTAL_COUNTY_CODE", "01")
# Where the accessibility statement sends people who report a problem: the organisation's
# own mailbox and telephone (the defaults are those of the default organisation).
PORTAL_FEEDBACK_EMAIL = env_str("PORTAL_FEEDBACK_EMAIL", "stockholm@lansstyrelsen.se")
PORTAL_FEEDBACK_PHONE = env_phone("PORTAL_FEEDBACK_PHONE", "010-223 10 00")
# The portal's own address, for links in e-mails sent outside a request (reminders from
# cron). Without it those links are relative paths.
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL")

# --- Open data and Kolada (issue 20) -----------------------------------------
# The organisation that publishes the open data, as the national data portal knows it:
# the organisation number (10 digits, 202100-0000 or 2021000000) makes the publisher's
# address http://dataportal.se/organisation/SE<number>. Without it the deploy check warns.
OPEN_DATA_ORG_NUMBER = (env_str("OPEN_DATA_ORG_NUMBER", "") or "").replace("-", "")
if OPEN_DATA_ORG_NUMBER and not (
    len(OPEN_DATA_ORG_NUMBER) == 10 and OPEN_DATA_ORG_NUMBER.isdigit()
):
    raise ImproperlyConfigured(
        "OPEN_DATA_ORG_NUMBER must be an organisation number of 10 digits such as 202100-0000."
    )
OPEN_DATA_PUBLISHER = env_str("OPEN_DATA_PUBLISHER", "") or PORTAL_ORGANISATION
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "") or PORTAL_FEEDBACK_EMAIL
# Published counts below this that break down a total are shown as ".." (Migrationsverket: 6).
OPEN_DATA_SMALLEST_SHOWN = env_int("OPEN_DATA_SMALLEST_SHOWN", 6)
# Kolada's API v3 (fetch_kolada): base address and how long one request may take.
KOLADA_BASE_URL = env_url("KOLADA_BASE_URL", "https://api.kolada.se/v3")
KOLADA_TIMEOUT_SECONDS = env_int("KOLADA_TIMEOUT_SECONDS", 20)

# --- Security ---------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is decided for the agency's whole domain, not by one service on it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "integration_portal.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "utc"},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "integration_portal.security": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# The load benchmark (bench/run.py) compares every page with a trivial view
# served through the same middleware; it is routed only when this is on.
BENCHMARK_BASELINE = env_bool("BENCHMARK_BASELINE", False)

AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The audit trail keeps the whole "why" of every change, not the first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Hardening (issue 15): client address, throttles, sessions ---------------
# The client address for django-axes and the security log (accounts.security.client_ip):
# the number of reverse proxies in front of gunicorn that append to X-Forwarded-For.
# 0 (default): the connection's address; the header is ignored (nobody can spoof it).
PORTAL_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)
# Optionally, the proxies' own addresses or networks: the header counts only from them.
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
if PORTAL_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("PORTAL_TRUSTED_PROXY_COUNT must be 0 or more.")
for _proxy in PORTAL_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"PORTAL_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from None
# Throttles (accounts/throttle.py): (events, seconds) per key, counted in the default
# cache. Sign-in failures per client address across all accounts stop password
# spraying; reset and invitation mails are limited per address and per recipient.
PORTAL_THROTTLES = {
    "signin_failures_per_address": (env_int("THROTTLE_SIGNIN_FAILURES_PER_IP", 30), 15 * 60),
    "password_reset_per_address": (env_int("THROTTLE_PASSWORD_RESETS_PER_IP", 10), 60 * 60),
    "password_reset_per_email": (3, 60 * 60),
    "invitations_per_address": (env_int("THROTTLE_INVITATIONS_PER_IP", 50), 60 * 60),
    "invitations_per_email": (3, 60 * 60),
    # Wrong second-factor codes per account (django-otp also slows each device down).
    "mfa_failures_per_account": (env_int("THROTTLE_MFA_FAILURES_PER_ACCOUNT", 10), 15 * 60),
    # API calls per token (api/auth.py): a case system sending a month's report needs a few.
    "api_per_token": (env_int("THROTTLE_API_CALLS_PER_TOKEN", 120), 60),
}
#: The largest JSON body the API reads (api/middleware.py); a report is about 1 kB.
API_BODY_MAX_BYTES = env_int("API_BODY_MAX_BYTES", 65_536)
# Sessions (accounts/sessions.py): idle timeout per role, absolute lifetime for all.
PORTAL_STAFF_IDLE_MINUTES = env_int("PORTAL_STAFF_IDLE_MINUTES", 30)
PORTAL_REPORTER_IDLE_MINUTES = env_int("PORTAL_REPORTER_IDLE_MINUTES", 60)
PORTAL_SESSION_MAX_HOURS = env_int("PORTAL_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = PORTAL_SESSION_MAX_HOURS * 3600
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.sessions.SessionTimeoutMiddleware",
)
# Multi-factor authentication (issue 17, accounts/mfa.py). After a correct password, an
# account that needs a second factor is not signed in yet: the session holds a signed
# pending sign-in for MFA_PENDING_SECONDS while the person types a code (or enrols).
# County staff and administrators must use one unless DEBUG (a developer's machine);
# reporters may, and must when the county sets MFA_REQUIRED_FOR_REPORTERS.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)
MFA_REQUIRED_FOR_REPORTERS = env_bool("MFA_REQUIRED_FOR_REPORTERS", False)
MFA_PENDING_SECONDS = env_int("MFA_PENDING_SECONDS", 5 * 60)
if MFA_PENDING_SECONDS <= 0:
    raise ImproperlyConfigured("MFA_PENDING_SECONDS must be a positive number of seconds.")
# Sign-in through the agency's identity provider, OpenID Connect (issue 17,
# accounts/oidc.py): off unless OIDC_ISSUER is set. Endpoints and keys come from the
# issuer's discovery document; only county staff and administrators an administrator
# created are signed in (linked by issuer + subject, or once by a verified e-mail).
OIDC_ISSUER = env_url("OIDC_ISSUER", "")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "") or ""
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "") or ""
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid email profile") or "openid email profile"
OIDC_ORGANISATION = env_str("OIDC_ORGANISATION", "Länsstyrelsen") or "Länsstyrelsen"
#: Claim mapping: the ID token's claim that holds the person's e-mail address (Entra ID:
#: ``preferred_username`` or ``upn``), and the claim that says the provider verified it
#: ("" where the agency's directory alone sets the addresses, so every one is verified).
OIDC_EMAIL_CLAIM = env_str("OIDC_EMAIL_CLAIM", "email") or "email"
OIDC_EMAIL_VERIFIED_CLAIM = env_str("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
#: An ``acr`` value the ID token must carry (e.g. a level of assurance), or "".
OIDC_REQUIRED_ACR = env_str("OIDC_REQUIRED_ACR", "") or ""
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10)
#: An ID token issued longer ago than this is refused (its ``iat``).
OIDC_MAX_TOKEN_AGE_SECONDS = env_int("OIDC_MAX_TOKEN_AGE_SECONDS", 10 * 60)
if OIDC_ISSUER and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
AUTHENTICATION_BACKENDS.append("accounts.oidc.StaffOIDCBackend")
MIDDLEWARE.append("accounts.oidc.ProviderFormActionMiddleware")
# The name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Integrationsportalen")
# Passkeys (WebAuthn, issue 17, accounts/webauthn.py): a second factor besides the app.
# The relying party is the portal's host name (a passkey works only there and on its
# subdomains; changing it later makes every passkey useless); the origins are the
# addresses the browser shows (https://, or http://localhost on a developer's machine).
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "") or (
    urlsplit(PORTAL_BASE_URL).hostname or "localhost"
)
WEBAUTHN_RP_NAME = env_str("WEBAUTHN_RP_NAME", "") or "Integrationsportalen"
WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ALLOWED_ORIGINS", [PORTAL_BASE_URL] if PORTAL_BASE_URL else ["http://localhost:8000"]
)
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = WEBAUTHN_RP_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = WEBAUTHN_ALLOWED_ORIGINS
# Only ever a second factor, after the password: never a sign-in with the passkey alone.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# The portal logs refusals in its own security log (without the library's tracebacks).
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""
# Passwords: Django's validators above plus the portal's own words (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS.append({"NAME": "accounts.passwords.PortalContextValidator"})
# Signed-in answers and answers setting a cookie: Cache-Control private, no-store.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "integration_portal.cache_headers.PrivateCacheMiddleware",
)

# --- Request bodies (issue 15: uploads bounded) ---------------------------------
#: Largest request body the portal reads at all; larger ones get the 413 page before
#: anything is spooled. The only upload (kommuntal import) is at most 1 MB.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 3_000_000)
#: Django's own bounds: the non-file part of a body, and the size up to which an
#: uploaded file stays in memory (so an import file is never written to disk).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
#: The portal's own page (Swedish, with a way back) when a form's CSRF check fails,
#: e.g. after signing out and in again in another tab.
CSRF_FAILURE_VIEW = "integration_portal.views.csrf_failure"
