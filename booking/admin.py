from django.contrib import admin

from booking.models import Booking, SessionType, TimeOff, WeeklyHours


@admin.register(SessionType)
class SessionTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "trainer",
        "kind",
        "minutes",
        "notice_hours",
        "is_active",
        "needs_credit",
    ]
    list_filter = ["kind", "is_active", "needs_credit"]
    search_fields = ["name", "trainer__email"]
    list_select_related = ["trainer"]
    raw_id_fields = ["trainer"]


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(admin.ModelAdmin):
    list_display = ["trainer", "weekday", "starts", "ends"]
    list_filter = ["weekday"]
    search_fields = ["trainer__email"]
    list_select_related = ["trainer"]
    raw_id_fields = ["trainer"]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["trainer", "first_day", "last_day", "reason"]
    search_fields = ["trainer__email", "reason"]
    list_select_related = ["trainer"]
    raw_id_fields = ["trainer"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    # Its pages are the visitor's, reached by the secret link in their email.
    view_on_site = False
    list_display = [
        "first_name",
        "last_name",
        "email",
        "trainer",
        "starts_at",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["first_name", "last_name", "email", "trainer__email"]
    list_select_related = ["trainer"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["trainer", "session_type", "consultation"]
    # Times and status change through the visitor's links, which keep the
    # consultation and its emails in step.
    readonly_fields = [
        "starts_at",
        "ends_at",
        "blocked_from",
        "blocked_until",
        "status",
        "hold_expires_at",
        "token",
        "visitor",
        "cancelled_at",
    ]
