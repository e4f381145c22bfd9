"""Each trainer's availability (weekly hours, time off, session types) and the
bookings visitors make in it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format

from clients.models import Consultation
from core.models import CanonicalEmailField, TimeStampedModel
from scheduling.models import Session, reminder_times

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
HOURS_END_BEFORE_START = "The hours must end after they start."
TIME_OFF_ENDS_BEFORE = "The last day off cannot be before the first."


class SessionType(TimeStampedModel):
    """What can be booked with a trainer, and the trainer's rules for it: how long it
    lasts, the free time kept around it, how much notice it needs and how far ahead
    it may be booked."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation (visitors book it)"
        TRAINING = "training", "Training session"

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_types",
        limit_choices_to={"role": "trainer"},
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    minutes = models.PositiveSmallIntegerField(
        "length in minutes", default=60, help_text="5 to 720."
    )
    buffer_before = models.PositiveSmallIntegerField(
        "free minutes before", default=0, help_text="Kept free before it, 0 to 240."
    )
    buffer_after = models.PositiveSmallIntegerField(
        "free minutes after", default=0, help_text="Kept free after it, 0 to 240."
    )
    step = models.PositiveSmallIntegerField(
        "starts every (minutes)",
        default=30,
        help_text="Free times are offered on this grid, 5 to 240 minutes.",
    )
    notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=12,
        help_text="How long before it starts it may still be booked, 0 to 720.",
    )
    horizon_days = models.PositiveSmallIntegerField(
        "bookable ahead (days)",
        default=60,
        help_text="How far ahead it may be booked, 1 to 366 days.",
    )
    cancel_notice_hours = models.PositiveSmallIntegerField(
        "cancel notice (hours)",
        default=24,
        help_text="A client who cancels later than this cancels late, 0 to 720.",
    )
    is_active = models.BooleanField(
        "bookable", default=True, help_text="Offered for booking."
    )
    needs_credit = models.BooleanField(
        default=False,
        help_text="Set by the owner: a client's booking of it takes a session credit.",
    )

    class Meta:
        ordering = ["trainer", "kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=720),
                name="sessiontype_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(buffer_before__lte=240, buffer_after__lte=240),
                name="sessiontype_buffers_range",
            ),
            models.CheckConstraint(
                condition=Q(step__gte=5, step__lte=240), name="sessiontype_step_range"
            ),
            models.CheckConstraint(
                condition=Q(notice_hours__lte=720, cancel_notice_hours__lte=720),
                name="sessiontype_notice_range",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1, horizon_days__lte=366),
                name="sessiontype_horizon_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["consultation", "training"]),
                name="sessiontype_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.minutes} min)"

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)


class WeeklyHours(TimeStampedModel):
    """A stretch of a weekday in which the trainer can be booked, on the trainer's
    clock. A day may have several (a morning and an evening)."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        verbose_name_plural = "weekly hours"
        ordering = ["trainer", "weekday", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="weeklyhours_ends_after_start",
                violation_error_message=HOURS_END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="weeklyhours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class TimeOff(TimeStampedModel):
    """Days the trainer cannot be booked (a holiday, a day off), whatever their
    weekly hours say."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "time off"
        ordering = ["trainer", "first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="timeoff_last_after_first",
                violation_error_message=TIME_OFF_ENDS_BEFORE,
            ),
        ]

    def __str__(self) -> str:
        first = date_format(self.first_day, "j M Y")
        if self.last_day == self.first_day:
            return first
        return f"{first} to {date_format(self.last_day, 'j M Y')}"


class BookingQuerySet(models.QuerySet):
    def due_for_reminder(self, now):
        """Confirmed bookings whose day-before reminder is due at ``now`` and not yet
        sent for their current time, with their consultation still at that time (a
        cancelled or moved booking is never reminded at its old time)."""
        return self.filter(
            status=Booking.Status.CONFIRMED,
            starts_at__gt=now,
            # No reminder is due earlier than a day (however long) before.
            starts_at__lte=now + timedelta(hours=27),
            remind_24h_at__lte=now,
            consultation__status=Consultation.Status.SCHEDULED,
            consultation__scheduled_at=F("starts_at"),
        ).exclude(reminded_24h_sequence=F("sequence"))

    def live(self, now):
        """Bookings that take the trainer's time: confirmed, or held and the hold
        not yet run out."""
        return self.filter(
            Q(status=Booking.Status.CONFIRMED)
            | Q(status=Booking.Status.HELD, hold_expires_at__gt=now)
        )


class Booking(TimeStampedModel):
    """A visitor's booking of a consultation: held for a few minutes until the
    visitor confirms it from the email, then the consultation the owner manages.

    ``trainer`` is whose time it takes: a fact of the booking, not ownership.
    ``blocked_from`` and ``blocked_until`` are its time with the buffers around it.
    """

    class Status(models.TextChoices):
        HELD = "held", "Held"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    session_type = models.ForeignKey(
        SessionType, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    blocked_from = models.DateTimeField()
    blocked_until = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.HELD
    )
    hold_expires_at = models.DateTimeField()
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = CanonicalEmailField(max_length=254)
    goals = models.TextField("what you want help with", max_length=2000)
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    visitor = models.CharField(
        max_length=64, blank=True, help_text="The visitor's address, hashed."
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The day-before reminder, as sessions have it: when it is due, and for which
    # ``sequence`` (which goes up when the booking moves) it was sent.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    remind_24h_at = models.DateTimeField(null=True, editable=False)
    reminded_24h_sequence = models.PositiveIntegerField(null=True, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at"))
                & Q(blocked_from__lte=F("starts_at"))
                & Q(blocked_until__gte=F("ends_at")),
                name="booking_times_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["held", "confirmed", "cancelled"]),
                name="booking_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["trainer", "blocked_from"]),
            models.Index(fields=["email", "status"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.first_name} {self.last_name}".strip()
            + f" · {self.starts_at:%Y-%m-%d %H:%M} UTC"
        )

    def get_absolute_url(self) -> str:
        return reverse("booking:booking_detail", kwargs={"token": self.token})

    def set_times(self, *, starts_at, length, buffer_before, buffer_after) -> None:
        """Place the booking at ``starts_at`` with its buffers, and work out when its
        reminder is due (on the visitor's clock). Every write of the times goes
        through here."""
        self.starts_at = starts_at
        self.ends_at = starts_at + length
        self.blocked_from = starts_at - buffer_before
        self.blocked_until = self.ends_at + buffer_after
        due = reminder_times(starts_at=starts_at, time_zone=self.time_zone)
        self.remind_24h_at = due[Session.Reminder.DAY_BEFORE.due_field]


class SessionBooking(TimeStampedModel):
    """How a training session was booked and, if the client cancelled it, whether
    late by the trainer's rules: what a late cancel costs is read from here, and
    the trainer may waive it with a reason. The session's owner is its client's
    trainer, as for every session."""

    session = models.OneToOneField(
        "scheduling.Session", on_delete=models.CASCADE, related_name="booking"
    )
    session_type = models.ForeignKey(
        SessionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_bookings",
    )
    booked_by_client = models.BooleanField(default=False)
    cancelled_late = models.BooleanField(
        default=False, help_text="Cancelled by the client inside the cancel notice."
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True) | ~Q(waived_reason=""),
                name="sessionbooking_waiver_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking of {self.session}"

    @property
    def costs(self) -> bool:
        """Whether the late cancel costs the client (not waived)."""
        return self.cancelled_late and self.waived_at is None
