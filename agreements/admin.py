from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import CountyQuota, TargetCategory


@admin.register(TargetCategory)
class TargetCategoryAdmin(admin.ModelAdmin):
    """Categories are data: the administrator adds or retires them as the law changes."""

    list_display = [
        "name",
        "code",
        "parent",
        "is_settlement_quota",
        "asks_for_split",
        "order",
        "active",
    ]
    list_editable = ["order", "active"]
    search_fields = ["name", "code"]


@admin.register(CountyQuota)
class CountyQuotaAdmin(SimpleHistoryAdmin):
    list_display = ["county", "year", "category", "places", "decision_reference"]
    list_filter = ["county", "year"]
    readonly_fields = ["version"]
