from django.urls import path

from .views import agreements as views
from .views import allocation

app_name = "agreements"

urlpatterns = [
    path("overenskommelser/", views.agreement_list, name="list"),
    path("overenskommelser/export.csv", views.agreement_export_csv, name="export_csv"),
    path("overenskommelser/export.xlsx", views.agreement_export_xlsx, name="export_xlsx"),
    path("overenskommelser/ny/", views.agreement_create_view, name="create"),
    path("overenskommelser/<int:pk>/", views.agreement_detail, name="detail"),
    path("overenskommelser/<int:pk>/andra/", views.agreement_edit, name="edit"),
    path("overenskommelser/<int:pk>/andra-mal/", views.agreement_amend_view, name="amend"),
    path("overenskommelser/<int:pk>/status/", views.agreement_status, name="status"),
    path("overenskommelser/<int:pk>/historik.csv", views.agreement_audit_csv, name="audit_csv"),
    path(
        "kommun/<str:code>/overenskommelser/",
        views.municipality_agreements,
        name="municipality",
    ),
    path("kommuntal/<int:year>/", allocation.allocation, name="allocation"),
    path("kommuntal/<int:year>/lanstal/", allocation.county_quota, name="county_quota"),
    path("kommuntal/<int:year>/import/", allocation.allocation_import_view, name="import"),
    path("kommuntal/<int:year>/takt/<str:code>/", allocation.pace_plan, name="pace_plan"),
    path(
        "kommuntal/<int:year>/beslut/<int:pk>/publicera/",
        allocation.kommuntal_decision_publish_view,
        name="kommuntal_publish",
    ),
]
