"""A client's own training sessions: booked, moved and cancelled within the trainer's
rules; a late cancel waived by the trainer; a whole day cancelled by the trainer."""

import zoneinfo
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from booking.models import SessionBooking, SessionType
from booking.selectors import day_sessions, is_late
from booking.services.visitors import booking_cancel, check_free
from clients.models import Client
from outbox.services import absolute_url, email_queue
from packages.services import credit_forfeit, credit_return, credit_use
from scheduling.models import Session
from scheduling.services import (
    session_cancel,
    session_reschedule,
    session_schedule,
    trainer_lock,
)

NOT_BOOKABLE = "Pick one of your coach's session types."
TOO_LATE_TO_MOVE = (
    "It is too late to move this session: your coach asks for {hours} hours’ "
    "notice. Cancel it instead, or ask your coach."
)
NOT_LATE = "Only a late cancel can be waived."
NEEDS_REASON = "Say why the late cancel is waived."
ALREADY_WAIVED = "This late cancel is already waived."
DAY_IN_PAST = "Pick today or a day to come."


def _booking_of(session: Session) -> SessionBooking:
    booking, _ = SessionBooking.objects.get_or_create(session=session)
    return booking


def _local(starts_at: datetime, zone: str) -> tuple[date, time]:
    local = starts_at.astimezone(zoneinfo.ZoneInfo(zone))
    return local.date(), local.time().replace(tzinfo=None)


@transaction.atomic
def session_book(
    *,
    client: Client,
    session_type: SessionType,
    starts_at: datetime,
    now: datetime | None = None,
) -> Session:
    """A client books a free slot of one of their trainer's training types: the
    session is scheduled through ``session_schedule``, as the trainer's own are.

    Refused: another trainer's or an inactive type; a slot that is not free
    (``SlotTaken``). Idempotent: the same client booking the same type and time
    again gets the same session back.
    """
    now = now or timezone.now()
    if (
        session_type.trainer_id != client.trainer_id
        or session_type.kind != SessionType.Kind.TRAINING
        or not session_type.is_active
    ):
        raise ValidationError(NOT_BOOKABLE)
    trainer_lock(client.trainer)
    again = (
        Session.objects.scheduled()
        .filter(client=client, starts_at=starts_at, booking__session_type=session_type)
        .first()
    )
    if again is not None:
        return again
    check_free(session_type=session_type, starts_at=starts_at, now=now)
    day, at = _local(starts_at, client.trainer.time_zone)
    session = session_schedule(
        client=client,
        day=day,
        start_time=at,
        duration=session_type.length,
        focus=session_type.name,
        now=now,
    )
    booking = SessionBooking(
        session=session, session_type=session_type, booked_by_client=True
    )
    booking.full_clean()
    booking.save()
    if session_type.needs_credit:
        credit_use(client=client, session=session)
    return session


@transaction.atomic
def session_move(
    *, session: Session, starts_at: datetime, now: datetime | None = None
) -> Session:
    """A client moves their session (from an ownership-checked selector) to a free
    slot of its type, before its cancel notice starts. Idempotent: the same time
    again changes nothing."""
    now = now or timezone.now()
    trainer_lock(session.client.trainer)
    booking = _booking_of(session)
    if booking.session_type is None or booking.session_type.kind != "training":
        raise ValidationError(NOT_BOOKABLE)
    if session.starts_at == starts_at:
        return session
    if is_late(session, now=now):
        raise ValidationError(
            TOO_LATE_TO_MOVE.format(hours=booking.session_type.cancel_notice_hours)
        )
    check_free(
        session_type=booking.session_type,
        starts_at=starts_at,
        now=now,
        session=session,
    )
    day, at = _local(starts_at, session.time_zone)
    [moved, *_] = session_reschedule(
        session=session,
        day=day,
        start_time=at,
        duration=booking.session_type.length,
        location=session.location,
        video_url=session.video_url,
        focus=session.focus,
        notes=session.notes,
        now=now,
    )
    return moved


@transaction.atomic
def session_cancel_by_client(
    *, session: Session, now: datetime | None = None
) -> SessionBooking:
    """A client cancels their session. Inside the cancel notice the cancel is late,
    and recorded so: what it costs is the trainer's rule, which the trainer may
    waive. Refused for a session already cancelled or started."""
    now = now or timezone.now()
    late = is_late(session, now=now)
    session_cancel(session=session, now=now)
    booking = _booking_of(session)
    booking.cancelled_late = late
    booking.save(update_fields=["cancelled_late", "updated_at"])
    if late:
        credit_forfeit(session=session)
    else:
        credit_return(session=session, reason="Cancelled in good time")
    return booking


@transaction.atomic
def late_cancel_waive(
    *, session: Session, reason: str, now: datetime | None = None
) -> SessionBooking:
    """The trainer waives what a client's late cancel costs, saying why."""
    booking = SessionBooking.objects.select_for_update().get(pk=_booking_of(session).pk)
    if not booking.cancelled_late:
        raise ValidationError(NOT_LATE)
    if booking.waived_at is not None:
        raise ValidationError(ALREADY_WAIVED)
    if not reason.strip():
        raise ValidationError({"reason": NEEDS_REASON})
    booking.waived_at = now or timezone.now()
    booking.waived_reason = reason.strip()
    booking.full_clean()
    booking.save(update_fields=["waived_at", "waived_reason", "updated_at"])
    credit_return(
        session=session, reason=f"Late cancel waived: {booking.waived_reason}"
    )
    return booking


@transaction.atomic
def day_cancel(
    *, trainer: User, day: date, reason: str = "", now: datetime | None = None
) -> int:
    """The trainer cancels a whole day (illness): every session still to come that
    day is cancelled with no cost to its client, who is emailed with the reason, and
    every visitor's consultation that day is cancelled. Returns how many.
    Idempotent: a second call finds nothing left to cancel."""
    now = now or timezone.now()
    if day < now.astimezone(zoneinfo.ZoneInfo(trainer.time_zone)).date():
        raise ValidationError({"day": DAY_IN_PAST})
    trainer_lock(trainer)
    sessions, bookings = day_sessions(trainer=trainer, day=day, now=now)
    count = 0
    for session in sessions:
        session_cancel(session=session, now=now)
        booking = _booking_of(session)
        booking.cancelled_late = False
        booking.save(update_fields=["cancelled_late", "updated_at"])
        credit_return(session=session, reason="The day was cancelled")
        if session.client.email and not session.was_reminded:
            email_queue(
                key=f"day-cancelled:{session.pk}",
                to=session.client.email,
                template="day_cancelled",
                context={
                    "session": session,
                    "client": session.client,
                    "trainer": trainer,
                    "reason": reason,
                    "url": absolute_url(reverse("scheduling:my_sessions")),
                },
            )
        count += 1
    for booking in bookings:
        booking_cancel(booking=booking, now=now)
        count += 1
    return count
