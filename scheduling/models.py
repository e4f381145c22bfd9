"""Sessions: training appointments between a trainer and a client, their weekly series,
the reminders they are due and the private calendar feeds that publish them."""

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import validate_time_zone
from clients.models import Client
from core.models import TimeStampedModel

MAX_SESSION_LENGTH = timedelta(hours=12)
MAX_SERIES_WEEKS = 52
SESSION_ENDS_BEFORE_START = "A session must end after it starts."
SESSION_TOO_LONG = "A session can last 12 hours at most."
WEEKDAY_NAMES = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
]


def reminder_times(*, starts_at: datetime, time_zone: str) -> dict[str, datetime]:
    """When each reminder of a session starting at ``starts_at`` is due.

    "24 hours before" is the same time on the day before, on the clock of the zone the
    session was scheduled in, so that across a daylight-saving change a 7:00 session is
    still announced at 7:00 (23 or 25 hours ahead). "2 hours before" is two hours.
    """
    local = starts_at.astimezone(zoneinfo.ZoneInfo(time_zone))
    # Arithmetic on an aware datetime moves its wall clock, keeping its zone.
    day_before = (local - timedelta(days=1)).astimezone(starts_at.tzinfo)
    return {
        Session.Reminder.DAY_BEFORE.due_field: day_before,
        Session.Reminder.TWO_HOURS.due_field: starts_at - timedelta(hours=2),
    }


class Series(TimeStampedModel):
    """Sessions scheduled together, on chosen days of the week for a number of weeks,
    so that the rest of them can be rescheduled or cancelled at once."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="session_series"
    )
    weekdays = models.JSONField(help_text="Days of the week, 0 for Monday.")
    weeks = models.PositiveSmallIntegerField()
    first_date = models.DateField()

    class Meta:
        verbose_name_plural = "series"
        ordering = ["-first_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=MAX_SERIES_WEEKS),
                name="series_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        days = [WEEKDAY_NAMES[day] for day in sorted(self.weekdays)]
        listed = (
            days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
        )
        weeks = "1 week" if self.weeks == 1 else f"{self.weeks} weeks"
        return f"{listed} for {weeks} from {date_format(self.first_date, 'j F Y')}"


class SessionQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        """Sessions of the trainer's clients: a session belongs to its client's
        trainer, so reassigning the client moves its sessions."""
        return self.filter(client__trainer=trainer)

    def scheduled(self):
        return self.filter(status=Session.Status.SCHEDULED)

    def upcoming(self, now: datetime):
        """Scheduled sessions that have not started yet."""
        return self.scheduled().filter(starts_at__gt=now)

    def overlapping(self, starts_at: datetime, ends_at: datetime):
        """Sessions that share some time with ``starts_at`` to ``ends_at``."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def due_for_reminder(self, now: datetime, kind: "Session.Reminder | None" = None):
        """Sessions whose reminder (of ``kind``, or of any kind) is due at ``now``.

        Due means: scheduled and not started; the client is active, has an email and
        wants this reminder; its time has come (even long ago: a sweep after an outage
        catches up); and it has not been sent for the session's current schedule (a
        rescheduled session is due again). When both reminders are due at once, only
        the 2-hour one is: a session booked at short notice gets one email.
        """
        kinds = [kind] if kind else list(Session.Reminder)
        due = Q()
        for each in kinds:
            due |= self._reminder_due(now, Session.Reminder(each))
        return (
            self.upcoming(now)
            .filter(
                due,
                # Bounds the range on the starts_at index: no reminder is due earlier
                # than a day (however long, across a clock change) before the session.
                starts_at__lte=now + timedelta(hours=27),
                client__is_active=True,
            )
            .exclude(client__email="")
        )

    @staticmethod
    def _reminder_due(now: datetime, kind: "Session.Reminder") -> Q:
        due = (
            Q(**{f"{kind.due_field}__lte": now})
            & Q(client__reminders__in=kind.wanted_by)
            & ~Q(**{kind.sent_field: F("sequence")})
        )
        if kind == Session.Reminder.DAY_BEFORE:
            later = Session.Reminder.TWO_HOURS
            due &= ~(
                Q(**{f"{later.due_field}__lte": now})
                & Q(client__reminders__in=later.wanted_by)
            )
        return due


class Session(TimeStampedModel):
    """A training appointment between a trainer and one of their clients.

    Times are stored in UTC; ``time_zone`` is the zone the trainer scheduled it in,
    which keeps a weekly series and its reminders on the local clock.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        MISSED = "missed", "Missed"

    class Reminder(models.TextChoices):
        """The reminders a session can get. Their values are also the client's choices
        (``Client.Reminders``): "24h", "2h", "both" or "none"."""

        DAY_BEFORE = "24h", "24 hours before"
        TWO_HOURS = "2h", "2 hours before"

        @property
        def due_field(self) -> str:
            return f"remind_{self.value}_at"

        @property
        def sent_field(self) -> str:
            return f"reminded_{self.value}_sequence"

        @property
        def wanted_by(self) -> list[str]:
            """The client preferences that ask for this reminder."""
            return [self.value, Client.Reminders.BOTH]

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="sessions"
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="The zone the session was scheduled in.",
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="Where: the gym, a park, an address."
    )
    video_url = models.URLField(
        "video link", max_length=500, blank=True, help_text="For a session online."
    )
    focus = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the session works on, e.g. “Day A: hinge and push”.",
    )
    notes = models.TextField(
        blank=True, max_length=2000, help_text="The client sees these."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    sequence = models.PositiveIntegerField(
        default=0,
        help_text="Goes up when the time or place changes: reminders and calendars "
        "follow it.",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        max_length=8,
        choices=Attendance.choices,
        blank=True,
        help_text="Marked by the trainer once the session has started, or by a "
        "workout logged for it.",
    )
    # When each reminder is due (see reminder_times), and for which ``sequence`` it
    # was sent: the sweep's claim.
    remind_24h_at = models.DateTimeField(editable=False)
    remind_2h_at = models.DateTimeField(editable=False)
    reminded_24h_sequence = models.PositiveIntegerField(null=True, editable=False)
    reminded_2h_sequence = models.PositiveIntegerField(null=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=SESSION_ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "cancelled"]),
                name="session_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | Q(status="scheduled", cancelled_at__isnull=True),
                name="session_cancelled_has_date",
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=["", "attended", "missed"]),
                name="session_attendance_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "starts_at"]),
            models.Index(
                fields=["starts_at"],
                condition=Q(status="scheduled"),
                name="session_scheduled_start_idx",
            ),
        ]

    def __str__(self) -> str:
        local = self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))
        return f"{self.client} · {date_format(local, 'D j M Y, H:i')}"

    def get_absolute_url(self) -> str:
        return reverse("scheduling:session_detail", kwargs={"pk": self.pk})

    @property
    def trainer(self):
        """The trainer who runs the session: always the client's."""
        return self.client.trainer

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                raise ValidationError({"ends_at": SESSION_ENDS_BEFORE_START})
            if self.ends_at - self.starts_at > MAX_SESSION_LENGTH:
                raise ValidationError({"ends_at": SESSION_TOO_LONG})

    def set_times(self, *, starts_at: datetime, ends_at: datetime) -> None:
        """Place the session at ``starts_at`` to ``ends_at`` and work out when its
        reminders are due. Every write of the times goes through here."""
        self.starts_at = starts_at
        self.ends_at = ends_at
        for field, due in reminder_times(
            starts_at=starts_at, time_zone=self.time_zone
        ).items():
            setattr(self, field, due)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def was_reminded(self) -> bool:
        """Whether the client was ever sent a reminder of this session."""
        return any(getattr(self, kind.sent_field) is not None for kind in self.Reminder)


class CalendarFeed(TimeStampedModel):
    """A user's private calendar address. Whoever holds the token can read the user's
    sessions without logging in, so the user can replace it or turn it off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("scheduling:calendar_feed", kwargs={"token": self.token})
