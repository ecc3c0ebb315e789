from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity, Language, Organisation


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org_number", "county"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "org_number"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organisation", "start", "end", "published"]
    list_filter = ["kind", "published", "county"]
    search_fields = ["title"]
    filter_horizontal = ["municipalities", "languages"]
