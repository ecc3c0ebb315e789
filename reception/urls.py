from django.urls import path

from .views import bulk, inbox, official, report, review, settings

app_name = "reception"

urlpatterns = [
    path("rapporter/", inbox.inbox, name="inbox"),
    path(
        "rapporter/fyll-i/<str:code>/<int:period_pk>/",
        report.report_edit,
        name="report_edit",
    ),
    path("rapporter/<int:pk>/", report.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/skicka-in/", report.report_submit_view, name="report_submit"),
    path("rapporter/<int:pk>/kvitto/", report.report_receipt, name="report_receipt"),
    path("granska/<int:pk>/", review.report_review, name="report_review"),
    path("granska/<int:pk>/godkann/", review.report_approve_view, name="report_approve"),
    path("granska/<int:pk>/skicka-tillbaka/", review.report_return_view, name="report_return"),
    path("granska/period/<int:period_pk>/godkann-flera/", bulk.bulk_approve, name="bulk_approve"),
    path("granska/<int:pk>/oppna-igen/", review.report_reopen_view, name="report_reopen"),
    path("uppfoljning/installningar/", settings.reporting_settings, name="settings"),
    path(
        "uppfoljning/migrationsverket/",
        official.official_import_view,
        name="official_import",
    ),
]
