from django.urls import path

from . import views
from .problems import DOCS_PATH
from .v1 import api

app_name = "api"

urlpatterns = [
    path("konto/api-nycklar/", views.token_list, name="tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.token_revoke_view, name="token_revoke"),
    path(DOCS_PATH.lstrip("/"), views.docs, name="docs"),
]

#: /api/v1/ itself (operations and openapi.json), namespace api_v1.
api_urls = api.urls
