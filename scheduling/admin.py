from django.contrib import admin, messages
from django.template.defaultfilters import pluralize

from core.http import service_call
from scheduling.models import CalendarFeed, Series, Session
from scheduling.services import session_cancel


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = [
        "client",
        "client__trainer",
        "starts_at",
        "ends_at",
        "status",
        "sequence",
    ]
    list_filter = ["status"]
    search_fields = [
        "client__first_name",
        "client__last_name",
        "client__email",
        "client__trainer__email",
        "focus",
    ]
    list_select_related = ["client__trainer"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["client", "series"]
    # Times and status change through the trainer's pages (or the action below),
    # which keep reminders and calendars in step.
    readonly_fields = [
        "starts_at",
        "ends_at",
        "time_zone",
        "status",
        "sequence",
        "cancelled_at",
        "remind_24h_at",
        "remind_2h_at",
        "reminded_24h_sequence",
        "reminded_2h_sequence",
    ]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Cancel the selected sessions")
    def cancel(self, request, queryset):
        done = 0
        for session in queryset:
            with service_call(request):
                session_cancel(session=session)
                done += 1
        self.message_user(
            request, f"{done} session{pluralize(done)} cancelled.", messages.SUCCESS
        )


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "client", "client__trainer", "created_at"]
    search_fields = [
        "client__first_name",
        "client__last_name",
        "client__trainer__email",
    ]
    list_select_related = ["client__trainer"]
    raw_id_fields = ["client"]
    readonly_fields = ["weekdays", "weeks", "first_date"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Deleting a feed turns the link off; only its owner can see or renew it."""

    # Its link is the owner's secret, not a page for the admin to open.
    view_on_site = False
    list_display = ["user", "created_at", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
