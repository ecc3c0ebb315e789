from django.urls import path

from .views import reporter, results, review, staff

app_name = "surveys"

urlpatterns = [
    path("enkater/", staff.survey_list, name="survey_list"),
    path("enkater/<int:pk>/", staff.survey_detail, name="survey_detail"),
    path("enkater/<int:pk>/oppna/", staff.campaign_open_view, name="campaign_open"),
    path("enkater/<int:pk>/kopiera/", staff.survey_copy_view, name="survey_copy"),
    path("enkater/fraga/<int:pk>/", staff.question_edit, name="question_edit"),
    path("enkater/fraga/<int:pk>/ta-bort/", staff.question_remove_view, name="question_remove"),
    path("enkater/fraga/<int:pk>/flytta/", staff.question_move_view, name="question_move"),
    path("enkater/avsnitt/<int:pk>/", staff.section_edit, name="section_edit"),
    path("enkater/avsnitt/<int:pk>/flytta/", staff.section_move_view, name="section_move"),
    path("enkater/avsnitt/<int:pk>/ta-bort/", staff.section_remove_view, name="section_remove"),
    path("enkater/avsnitt/<int:pk>/ny-fraga/", staff.question_add_view, name="question_add"),
    path("enkater/<int:pk>/nytt-avsnitt/", staff.section_add_view, name="section_add"),
    path("enkater/omgang/<int:pk>/", staff.campaign_tracking, name="campaign_tracking"),
    path(
        "enkater/omgang/<int:pk>/resultat/", results.campaign_results_view, name="campaign_results"
    ),
    path(
        "enkater/omgang/<int:pk>/export/<str:what>.<str:fmt>",
        results.campaign_export,
        name="campaign_export",
    ),
    path(
        "enkater/omgang/<int:pk>/svara/<str:code>/",
        reporter.response_overview,
        name="response_overview",
    ),
    path(
        "enkater/omgang/<int:pk>/svara/<str:code>/del/<int:number>/",
        reporter.response_section,
        name="response_section",
    ),
    path("enkater/svar/<int:pk>/skicka-in/", reporter.response_submit_view, name="response_submit"),
    path("enkater/svar/<int:pk>/kvitto/", reporter.response_receipt, name="response_receipt"),
    path("enkater/svar/<int:pk>/granska/", review.response_review, name="response_review"),
    path("enkater/svar/<int:pk>/godkann/", review.response_approve, name="response_approve"),
    path("enkater/svar/<int:pk>/skicka-tillbaka/", review.response_return, name="response_return"),
    path("enkater/svar/<int:pk>/oppna-igen/", review.response_reopen, name="response_reopen"),
]
