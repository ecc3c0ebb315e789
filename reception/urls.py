from django.urls import path

from .views import capacity, inbox, overview, report, review

app_name = "reception"

urlpatterns = [
    path("rapporter/", inbox.inbox, name="inbox"),
    path(
        "rapporter/fyll-i/<str:code>/<int:period_pk>/",
        report.report_edit,
        name="report_edit",
    ),
    path("rapporter/<int:pk>/", report.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/skicka-in/", report.report_submit, name="report_submit"),
    path("rapporter/<int:pk>/kvitto/", report.report_receipt, name="report_receipt"),
    path("granska/", review.review_queue, name="review_queue"),
    path("granska/<int:pk>/", review.report_review, name="report_review"),
    path("granska/<int:pk>/godkann/", review.report_approve, name="report_approve"),
    path("granska/<int:pk>/skicka-tillbaka/", review.report_return, name="report_return"),
    path("granska/<int:pk>/oppna-igen/", review.report_reopen, name="report_reopen"),
    # The county overview; the name stays "capacity" (it grew out of the capacity table).
    path("uppfoljning/<int:year>/", overview.county_overview, name="capacity"),
    path(
        "uppfoljning/<int:year>/export/<slug:table>.<slug:fmt>",
        overview.county_overview_export,
        name="overview_export",
    ),
    path("kommun/<str:code>/uppfoljning/", overview.municipality_overview, name="municipality"),
    path(
        "kommun/<str:code>/uppfoljning/export/<slug:table>.<slug:fmt>",
        overview.municipality_overview_export,
        name="municipality_export",
    ),
    path("uppfoljning/installningar/", capacity.reporting_settings, name="settings"),
]

from .activities.urls import urlpatterns as activity_urlpatterns  # noqa: E402

urlpatterns += activity_urlpatterns
