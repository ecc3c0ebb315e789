"""Activity URLs (names start with activity_/organisation_)."""

from django.urls import path

from activities.views import figures, organisations, public, reporting, review, staff

app_name = "activities"

urlpatterns = [
    path("aktiviteter/", public.activity_search, name="activity_search"),
    path("aktiviteter/hantera/", staff.activity_list, name="activity_list"),
    path(
        "aktiviteter/hantera/export.<str:fmt>",
        staff.activity_export,
        name="activity_export",
    ),
    path("aktiviteter/ny/", staff.activity_create, name="activity_create"),
    path("aktiviteter/<int:pk>/", staff.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/andra/", staff.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/historik/", staff.activity_history, name="activity_history"),
    path(
        "aktiviteter/<int:pk>/historik.csv",
        staff.activity_history_csv,
        name="activity_history_csv",
    ),
    path("aktiviteter/uppfoljning/<int:year>/", figures.activity_figures, name="activity_figures"),
    path("aktiviteter/rapporter/", reporting.activity_inbox, name="activity_inbox"),
    path(
        "aktiviteter/<int:pk>/rapportera/<str:code>/<int:period_pk>/",
        reporting.activity_report_edit,
        name="activity_report_edit",
    ),
    path(
        "aktiviteter/rapporter/<int:pk>/",
        review.activity_report_detail,
        name="activity_report_detail",
    ),
    path(
        "aktiviteter/rapporter/<int:pk>/skicka-in/",
        reporting.activity_report_submit_view,
        name="activity_report_submit",
    ),
    path(
        "aktiviteter/rapporter/<int:pk>/godkann/",
        review.activity_report_approve_view,
        name="activity_report_approve",
    ),
    path(
        "aktiviteter/rapporter/<int:pk>/skicka-tillbaka/",
        review.activity_report_return_view,
        name="activity_report_return",
    ),
    path(
        "aktiviteter/rapporter/<int:pk>/oppna-igen/",
        review.activity_report_reopen_view,
        name="activity_report_reopen",
    ),
    path("organisationer/", organisations.organisation_list, name="organisation_list"),
    path("organisationer/ny/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisationer/<int:pk>/andra/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
]
