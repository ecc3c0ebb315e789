from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are made and revoked by their owners in the portal."""

    list_display = ["name", "user", "municipality", "county", "expires_at", "last_used_at",
                    "revoked_at"]  # fmt: skip
    list_filter = ["county", "revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    exclude = ["secret_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
