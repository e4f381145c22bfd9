import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from booking.selectors import reassign_clashes
from clients import admin as clients_admin
from clients.forms import AssignTrainerForm
from clients.models import Client


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


# --- Moving a client to another trainer: the overlaps said first ------------------

OVERLAPS = (
    "Some sessions still to come would overlap {trainer}'s calendar (buffers "
    "included): they are listed above. Tick “Move anyway” to move all the same, or "
    "reschedule them first."
)
MOVED_WITH_OVERLAPS = (
    "{client} now trains with {trainer}, whose calendar these sessions overlap "
    "(buffers included): {clashes}. Reschedule them from Sessions."
)


class ReassignForm(AssignTrainerForm):
    move_anyway = forms.BooleanField(
        label="Move anyway",
        required=False,
        help_text="Move even though some sessions overlap the new trainer's.",
    )


def _clashes(clients, trainer) -> list[str]:
    zone = zoneinfo.ZoneInfo(trainer.time_zone)
    now = timezone.now()
    return [
        clash.describe(zone)
        for client in clients
        for clash in reassign_clashes(client=client, trainer=trainer, now=now)
    ]


admin.site.unregister(Client)


@admin.register(Client)
class ClientAdmin(clients_admin.ClientAdmin):
    """The client admin, whose move to another trainer first lists the client's
    sessions still to come that would overlap the new trainer's calendar, and asks
    to confirm (the booking app knows the calendars; the clients app cannot)."""

    def save_model(self, request, obj, form, change):
        clashes = []
        if change and "trainer" in form.changed_data:
            clashes = _clashes([obj], obj.trainer)
        super().save_model(request, obj, form, change)
        if clashes and obj.trainer_id == form.cleaned_data["trainer"].pk:
            self.message_user(
                request,
                MOVED_WITH_OVERLAPS.format(
                    client=obj.full_name,
                    trainer=obj.trainer,
                    clashes="; ".join(clashes),
                ),
                messages.WARNING,
            )

    @admin.action(description="Move to another trainer")
    def reassign(self, request, queryset):
        form = self._bound(request, ReassignForm)
        if form.is_bound and form.is_valid() and not form.cleaned_data["move_anyway"]:
            trainer = form.cleaned_data["trainer"]
            clashes = _clashes(queryset, trainer)
            if clashes:
                form.add_error(None, OVERLAPS.format(trainer=trainer))
                page = self._form_page(
                    request,
                    queryset,
                    form=form,
                    title="Move to another trainer",
                    intro=f"These sessions would overlap {trainer}'s calendar:",
                    button="Move",
                )
                page.context_data["items"] = clashes
                return page
        return super().reassign(request, queryset)
