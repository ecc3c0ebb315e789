from django.contrib import admin

from . import services
from .models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are reference data the system administrator keeps; staff pick from them.

    Contacts, units and text blocks are edited in the portal's own staff pages,
    whose services keep history and clear the public pages' cache.
    """

    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.topics_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        services.topics_changed()
