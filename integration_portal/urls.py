from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from api.urls import api_urls

from . import views

admin.site.site_header = _("Integrationsportalen – administration")
admin.site.site_title = _("Integrationsportalen")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on their own; the icon itself is a static file.
    path("favicon.ico", views.favicon, name="favicon"),
    path("sprak/<str:code>/", views.choose_language, name="choose_language"),
    # The admin signs in through the portal's own sign-in, second factor included: its
    # own password-only login page is never served.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("api/v1/", api_urls),
    path("konto/", include("accounts.urls")),
    path("", include("agreements.urls")),
    path("", include("reception.urls")),
    path("", include("activities.urls")),
    path("", include("surveys.urls")),
    path("", include("overview.urls")),
    path("", include("contacts.urls")),
]

handler400 = "integration_portal.views.bad_request"
handler403 = "integration_portal.views.permission_denied"
handler404 = "integration_portal.views.page_not_found"
handler500 = "integration_portal.views.server_error"

if settings.BENCHMARK_BASELINE:
    # Only for bench/run.py: the cost of the middleware stack alone (see README, "Benchmark").
    urlpatterns += [
        path("__bench__/baseline/", views.benchmark_baseline, name="benchmark_baseline")
    ]

if settings.DEBUG:  # pragma: no cover - development only
    urlpatterns += [path("__debug__/500/", views.debug_500)]
