from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FollowUpReport, ReportFigure, ReportingPeriod, ReportingSettings, SentReminder


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["county", "frequency", "deadline_days", "reminder_days", "jump_factor"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["county", "year", "frequency", "number", "start", "end", "deadline"]
    list_filter = ["county", "year", "frequency"]


class ReportFigureInline(admin.TabularInline):
    model = ReportFigure
    extra = 0


@admin.register(FollowUpReport)
class FollowUpReportAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "period", "status", "submitted_at", "version"]
    list_filter = ["status", "period__year", "municipality__county"]
    search_fields = ["municipality__name", "municipality__code"]
    inlines = [ReportFigureInline]
    list_select_related = ["municipality", "period"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["municipality", "period", "kind", "sent_at"]
    list_filter = ["kind"]
