"""A trainer's availability, and the visitor's consultation booking from the hold
to the consultation the owner manages."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from booking.selectors import next_free, rules_of, slot_is_free
from booking.slots import Slot
from clients.ical import consultation_ical
from clients.models import Consultation
from clients.services import consultation_decline, consultation_schedule
from outbox.services import EmailAttachment, absolute_url, email_queue
from scheduling.models import Session
from scheduling.services import trainer_lock

HOLD_MINUTES = 10
HOLD = timedelta(minutes=HOLD_MINUTES)
# Live holds at once, per email address and per visitor.
MAX_HOLDS_PER_EMAIL = 1
MAX_HOLDS_PER_VISITOR = 2

NEEDS_CONSENT = "Tick the box so that we may contact you about your consultation."
SLOT_TAKEN = "That time is no longer free: pick another."
HOLDS_PER_EMAIL = (
    "You already hold a time: confirm it from the email we sent you, or wait "
    f"{HOLD_MINUTES} minutes for it to lapse."
)
HOLDS_PER_VISITOR = (
    f"You hold {MAX_HOLDS_PER_VISITOR} times already: confirm one from its email, or "
    f"wait {HOLD_MINUTES} minutes for them to lapse."
)
HOLD_LAPSED = "This hold has lapsed and the time is taken: pick another."
BOOKING_CANCELLED = "This booking is cancelled."
NOT_CONFIRMED = "Confirm the booking from its email first."
HAS_STARTED = "This consultation has already started, so it can no longer change."
NOT_A_CONSULTATION = "Pick a consultation."


class SlotTaken(ValidationError):
    """The slot is not free (taken, in the past, outside the hours, beyond the
    horizon, in a missing hour): ``offered`` holds the next free slots."""

    def __init__(self, message: str, *, offered: list[Slot]):
        super().__init__(message)
        self.offered = offered


# --- Availability -------------------------------------------------------------------


def weekly_hours_add(*, trainer: User, weekday: int, starts, ends) -> WeeklyHours:
    """Add a stretch of bookable time to a weekday."""
    hours = WeeklyHours(trainer=trainer, weekday=weekday, starts=starts, ends=ends)
    hours.full_clean()
    hours.save()
    return hours


def weekly_hours_delete(*, hours: WeeklyHours) -> None:
    """Remove a stretch of weekly hours. Bookings already made stay. Idempotent."""
    WeeklyHours.objects.filter(pk=hours.pk).delete()


def time_off_add(*, trainer: User, first_day, last_day, reason: str = "") -> TimeOff:
    """Mark days on which the trainer cannot be booked."""
    off = TimeOff(
        trainer=trainer, first_day=first_day, last_day=last_day, reason=reason
    )
    off.full_clean()
    off.save()
    return off


def time_off_delete(*, time_off: TimeOff) -> None:
    """Give the days back to the weekly hours. Idempotent."""
    TimeOff.objects.filter(pk=time_off.pk).delete()


def session_type_save(*, session_type: SessionType) -> SessionType:
    """Create or change a session type (from an ownership-checked form)."""
    session_type.full_clean()
    session_type.save()
    return session_type


# --- The lock -----------------------------------------------------------------------


def check_free(
    *,
    session_type: SessionType,
    starts_at: datetime,
    now: datetime,
    booking: Booking | None = None,
    session: Session | None = None,
) -> None:
    """Raise ``SlotTaken`` unless ``starts_at`` is a free slot of ``session_type``
    (leaving out ``booking`` or ``session``, being moved). Call under
    ``trainer_lock``."""
    if not slot_is_free(
        session_type=session_type,
        starts_at=starts_at,
        now=now,
        exclude_booking=booking,
        exclude_session=session,
    ):
        raise SlotTaken(
            SLOT_TAKEN,
            offered=next_free(session_type=session_type, after=starts_at, now=now),
        )


# --- The visitor's booking ------------------------------------------------------------


def visitor_key(address: str | None) -> str:
    """A visitor's address, hashed: enough to count their holds, nothing to keep."""
    return hashlib.sha256((address or "").encode()).hexdigest()[:32]


@transaction.atomic
def booking_hold(
    *,
    session_type: SessionType,
    starts_at: datetime,
    first_name: str,
    email: str,
    goals: str,
    consent: bool,
    last_name: str = "",
    time_zone: str = "",
    visitor: str = "",
    now: datetime | None = None,
) -> Booking:
    """Hold a free consultation slot for ``HOLD_MINUTES`` and email the visitor a
    link to confirm it.

    Refused: without consent; a slot that is not free (raises ``SlotTaken`` with the
    next free ones); more live holds than allowed per email or per visitor.
    Idempotent: the same email holding the same slot again gets its hold back, and
    nothing is sent twice.
    """
    now = now or timezone.now()
    if not consent:
        raise ValidationError({"consent": NEEDS_CONSENT})
    if session_type.kind != SessionType.Kind.CONSULTATION:
        raise ValidationError(NOT_A_CONSULTATION)
    booking = Booking(
        trainer=session_type.trainer,
        session_type=session_type,
        hold_expires_at=now + HOLD,
        first_name=first_name,
        last_name=last_name,
        email=email,
        goals=goals,
        time_zone=time_zone or session_type.trainer.time_zone,
        visitor=visitor,
        token=secrets.token_urlsafe(32),
    )
    _place(booking, starts_at=starts_at, now=now)
    booking.full_clean(exclude=["trainer", "session_type"])
    trainer_lock(session_type.trainer)
    live = Booking.objects.live(now).filter(status=Booking.Status.HELD)
    mine = live.filter(email=booking.email).first()
    if mine is not None:
        if mine.session_type_id == session_type.pk and mine.starts_at == starts_at:
            return mine
        raise ValidationError(HOLDS_PER_EMAIL)
    if visitor and live.filter(visitor=visitor).count() >= MAX_HOLDS_PER_VISITOR:
        raise ValidationError(HOLDS_PER_VISITOR)
    check_free(session_type=session_type, starts_at=starts_at, now=now)
    booking.save()
    email_queue(
        key=f"booking-hold:{booking.pk}",
        to=booking.email,
        template="booking_hold",
        context={
            "booking": booking,
            "minutes": HOLD_MINUTES,
            "url": absolute_url(
                reverse("booking:booking_confirm", kwargs={"token": booking.token})
            ),
        },
    )
    return booking


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("trainer", "session_type", "consultation")
        .get(pk=booking.pk)
    )


def _place(booking: Booking, *, starts_at: datetime, now: datetime) -> None:
    """Set the booking's times from its type's rules. A reminder already due when
    it is placed is not sent: the confirmation, or the email about the new time,
    has just told the visitor."""
    rules = rules_of(booking.session_type)
    booking.set_times(
        starts_at=starts_at,
        length=rules.length,
        buffer_before=rules.buffer_before,
        buffer_after=rules.buffer_after,
    )
    if booking.remind_24h_at <= now:
        booking.reminded_24h_sequence = booking.sequence


def booking_links(booking: Booking) -> dict:
    """The visitor's links to see, move and cancel the booking (they hold its
    token, so the link is the key)."""
    return {
        name: absolute_url(
            reverse(f"booking:booking_{name}", kwargs={"token": booking.token})
        )
        for name in ("detail", "move", "cancel")
    }


@transaction.atomic
def booking_confirm(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Confirm a held booking: it becomes a scheduled consultation with the trainer
    whose time it takes, the visitor is emailed the time with a calendar file and
    links to move or cancel, and the trainer is told.

    A hold that has lapsed is confirmed still if its time is free. Idempotent: a
    confirmed booking is returned as it is and nothing is sent again.
    """
    now = now or timezone.now()
    trainer_lock(booking.trainer)
    booking = _locked(booking)
    if booking.status == Booking.Status.CONFIRMED:
        return booking
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(BOOKING_CANCELLED)
    if booking.remind_24h_at is not None and booking.remind_24h_at <= now:
        booking.reminded_24h_sequence = booking.sequence  # confirmed at short notice
    if booking.hold_expires_at <= now:
        try:
            check_free(
                session_type=booking.session_type,
                starts_at=booking.starts_at,
                now=now,
                booking=booking,
            )
        except SlotTaken as taken:
            raise SlotTaken(HOLD_LAPSED, offered=taken.offered) from None
    consultation = Consultation(
        first_name=booking.first_name,
        last_name=booking.last_name,
        email=booking.email,
        goals=booking.goals,
        time_zone=booking.time_zone,
        consented_at=booking.created_at,
        status=Consultation.Status.SCHEDULED,
        trainer=booking.trainer,
        scheduled_at=booking.starts_at,
    )
    consultation.full_clean()
    consultation.save()
    booking.consultation = consultation
    booking.status = Booking.Status.CONFIRMED
    booking.full_clean(exclude=["trainer", "session_type", "consultation"])
    booking.save(
        update_fields=["consultation", "status", "reminded_24h_sequence", "updated_at"]
    )
    email_queue(
        key=f"booking-confirmed:{booking.pk}",
        to=booking.email,
        template="booking_confirmed",
        context={
            "booking": booking,
            "consultation": consultation,
            **booking_links(booking),
        },
        attachments=[
            EmailAttachment.calendar(
                "consultation.ics",
                consultation_ical(consultation=consultation, now=now),
            )
        ],
    )
    email_queue(
        key=f"consultation-booked:{consultation.pk}:{booking.trainer_id}:online",
        to=booking.trainer.email,
        template="consultation_booked",
        context={
            "consultation": consultation,
            "recipient": booking.trainer,
            "url": absolute_url(consultation.get_absolute_url()),
        },
    )
    return booking


@transaction.atomic
def booking_move(
    *, booking: Booking, starts_at: datetime, now: datetime | None = None
) -> Booking:
    """Move a confirmed booking to another free slot of its type; its consultation
    moves with it, and the visitor is emailed the new time with a calendar file.
    Refused once it has started, for a cancelled or unconfirmed booking, or a slot
    that is not free (``SlotTaken``). Idempotent: the same time again changes
    nothing."""
    now = now or timezone.now()
    trainer_lock(booking.trainer)
    booking = _locked(booking)
    _require_changeable(booking, now=now)
    if booking.status != Booking.Status.CONFIRMED:
        raise ValidationError(NOT_CONFIRMED)
    if booking.starts_at == starts_at:
        return booking
    check_free(
        session_type=booking.session_type, starts_at=starts_at, now=now, booking=booking
    )
    booking.sequence += 1
    _place(booking, starts_at=starts_at, now=now)
    booking.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "blocked_from",
            "blocked_until",
            "sequence",
            "remind_24h_at",
            "reminded_24h_sequence",
            "updated_at",
        ]
    )
    if booking.consultation is not None:
        consultation_schedule(
            consultation=booking.consultation, starts_at=starts_at, now=now
        )
    return booking


def _require_changeable(booking: Booking, *, now: datetime) -> None:
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(BOOKING_CANCELLED)
    if booking.starts_at <= now:
        raise ValidationError(HAS_STARTED)


@transaction.atomic
def booking_cancel(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Cancel a booking (held or confirmed) before it starts: its time is free
    again, its consultation is declined, and the visitor and the trainer are told.
    Idempotent: cancelling again changes and sends nothing."""
    now = now or timezone.now()
    booking = _locked(booking)
    if booking.status == Booking.Status.CANCELLED:
        return booking
    _require_changeable(booking, now=now)
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    if booking.consultation is not None and booking.consultation.status in {
        Consultation.Status.NEW,
        Consultation.Status.CONTACTED,
        Consultation.Status.SCHEDULED,
    }:
        booking.consultation = consultation_decline(consultation=booking.consultation)
    if was_confirmed:
        for recipient, to, who in (
            (None, booking.email, "visitor"),
            (booking.trainer, booking.trainer.email, "trainer"),
        ):
            email_queue(
                key=f"booking-cancelled:{booking.pk}:{who}",
                to=to,
                template="booking_cancelled",
                context={"booking": booking, "recipient": recipient},
            )
    return booking
