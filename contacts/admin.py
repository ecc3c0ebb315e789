from django.contrib import admin

from .models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are reference data the system administrator keeps; staff pick from them.

    Contacts, units and text blocks are edited in the portal's own staff pages,
    whose services keep history. A change here reaches the public pages at once:
    their caches are keyed by the data version, which every write raises.
    """

    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
