from django.urls import path

from .views import manage, public

app_name = "contacts"

urlpatterns = [
    path("", public.home, name="home"),
    path("kontakt/", public.contact, name="contact"),
    path("kontakt/<int:pk>/vcard", public.vcard, name="vcard"),
    path("tillganglighet/", public.accessibility, name="accessibility"),
    # Staff: contacts and the integration page's texts.
    path("hantera/kontakter/", manage.contact_list, name="manage_contacts"),
    path("hantera/kontakter/ny/", manage.contact_create_view, name="contact_create"),
    path("hantera/kontakter/<int:pk>/", manage.contact_edit, name="contact_edit"),
    path("hantera/kontakter/<int:pk>/flytta/", manage.contact_move_view, name="contact_move"),
    path("hantera/kontakter/<int:pk>/publicera/", manage.contact_publish, name="contact_publish"),
    path("hantera/texter/", manage.block_list, name="manage_blocks"),
    path("hantera/texter/nytt/", manage.block_create_view, name="block_create"),
    path("hantera/texter/<int:pk>/", manage.block_edit, name="block_edit"),
]
