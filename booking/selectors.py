"""Reads of the booking app: a trainer's availability and free slots."""

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format

from accounts.models import User
from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from booking.slots import Busy, Rules, Slot, free_slots
from clients.models import Consultation
from scheduling.models import MAX_SESSION_LENGTH, Session

# A consultation the owner scheduled by hand has no length: it is taken to last this.
HAND_SCHEDULED_CONSULTATION = timedelta(hours=1)
# The widest buffer a session type may keep, so that busy stretches just outside the
# days asked for still count.
WIDEST_BUFFER = timedelta(minutes=240)


def rules_of(session_type: SessionType) -> Rules:
    return Rules(
        length=session_type.length,
        buffer_before=timedelta(minutes=session_type.buffer_before),
        buffer_after=timedelta(minutes=session_type.buffer_after),
        step=timedelta(minutes=session_type.step),
        notice=timedelta(hours=session_type.notice_hours),
        horizon=timedelta(days=session_type.horizon_days),
    )


def bookable_types(*, kind: str, trainer: User | None = None) -> QuerySet[SessionType]:
    """Active session types of ``kind`` of active trainers (or of ``trainer``)."""
    types = SessionType.objects.filter(
        kind=kind,
        is_active=True,
        trainer__is_active=True,
        trainer__role=User.Role.TRAINER,
    ).select_related("trainer")
    if trainer is not None:
        types = types.filter(trainer=trainer)
    return types.order_by(
        "trainer__first_name", "trainer__last_name", "trainer_id", "pk"
    )


def availability_for_trainer(*, trainer: User) -> dict:
    """The trainer's settings page: weekly hours, time off still to come, types."""
    return {
        "hours": list(WeeklyHours.objects.filter(trainer=trainer)),
        "time_off": list(
            TimeOff.objects.filter(
                trainer=trainer,
                last_day__gte=datetime.now(zoneinfo.ZoneInfo(trainer.time_zone)).date(),
            )
        ),
        "types": list(SessionType.objects.filter(trainer=trainer)),
    }


@dataclass(frozen=True)
class Taken:
    """A stretch of a trainer's time something already takes, buffers included
    (``blocked_from`` to ``blocked_until``), and what takes it: a client's
    session (``name``), a visitor's booking, or a consultation scheduled by hand,
    from ``starts`` to ``ends``."""

    blocked_from: datetime
    blocked_until: datetime
    kind: str  # "session", "booking" or "consultation"
    starts: datetime
    ends: datetime
    name: str = ""


def _padded(starts, ends, before, after) -> tuple[datetime, datetime]:
    return (
        starts - timedelta(minutes=before or 0),
        ends + timedelta(minutes=after or 0),
    )


def taken_stretches(
    *,
    trainer: User,
    since: datetime,
    until: datetime,
    now: datetime,
    exclude_booking: Booking | None = None,
    exclude_session: Session | None = None,
    exclude_client=None,
) -> list[Taken]:
    """Everything that takes the trainer's time between ``since`` and ``until``:
    their clients' scheduled sessions, live bookings with their buffers and the
    consultations scheduled by hand. Three queries, however many rows."""
    sessions = (
        Session.objects.for_trainer(trainer)
        .scheduled()
        .overlapping(since, until)
        # No session lasts longer: bounds the range on the starts_at index, so years
        # of past sessions are not read.
        .filter(starts_at__gt=since - MAX_SESSION_LENGTH)
        .values_list(
            "starts_at",
            "ends_at",
            "booking__session_type__buffer_before",
            "booking__session_type__buffer_after",
            "client__first_name",
            "client__last_name",
        )
    )
    if exclude_session is not None:
        sessions = sessions.exclude(pk=exclude_session.pk)
    if exclude_client is not None:
        sessions = sessions.exclude(client=exclude_client)
    bookings = (
        Booking.objects.live(now)
        .filter(trainer=trainer, blocked_from__lt=until, blocked_until__gt=since)
        .values_list("blocked_from", "blocked_until", "starts_at", "ends_at")
    )
    if exclude_booking is not None:
        bookings = bookings.exclude(pk=exclude_booking.pk)
    by_hand = Consultation.objects.filter(
        trainer=trainer,
        status=Consultation.Status.SCHEDULED,
        booking__isnull=True,
        scheduled_at__gt=since - HAND_SCHEDULED_CONSULTATION,
        scheduled_at__lt=until,
    ).values_list("scheduled_at", flat=True)
    # A session booked as a session type keeps that type's buffers around it.
    taken = [
        Taken(
            *_padded(starts, ends, before, after),
            kind="session",
            starts=starts,
            ends=ends,
            name=f"{first} {last}".strip(),
        )
        for starts, ends, before, after, first, last in sessions
    ]
    taken += [
        Taken(blocked_from, blocked_until, kind="booking", starts=starts, ends=ends)
        for blocked_from, blocked_until, starts, ends in bookings
    ]
    taken += [
        Taken(at, at + HAND_SCHEDULED_CONSULTATION, "consultation", at, at)
        for at in by_hand
    ]
    return taken


def busy_stretches(**kwargs) -> Busy:
    """``taken_stretches`` merged, for whether a stretch is free."""
    return Busy((t.blocked_from, t.blocked_until) for t in taken_stretches(**kwargs))


def slots_free(
    *,
    session_type: SessionType,
    first_day: date,
    last_day: date,
    now: datetime,
    exclude_booking: Booking | None = None,
    exclude_session: Session | None = None,
) -> list[Slot]:
    """The free slots of ``session_type`` from ``first_day`` to ``last_day`` on its
    trainer's clock. Five queries whatever the range and however many sessions."""
    trainer = session_type.trainer
    tz = zoneinfo.ZoneInfo(trainer.time_zone)
    hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, starts, ends in WeeklyHours.objects.filter(
        trainer=trainer
    ).values_list("weekday", "starts", "ends"):
        hours[weekday].append((starts, ends))
    days_off: set[date] = set()
    for first, last in TimeOff.objects.filter(
        trainer=trainer, last_day__gte=first_day, first_day__lte=last_day
    ).values_list("first_day", "last_day"):
        day = max(first, first_day)
        while day <= min(last, last_day):
            days_off.add(day)
            day += timedelta(days=1)
    since = datetime.combine(first_day, time(0), tzinfo=tz).astimezone(UTC)
    until = datetime.combine(
        last_day + timedelta(days=1), time(0), tzinfo=tz
    ).astimezone(UTC)
    busy = busy_stretches(
        trainer=trainer,
        since=since - WIDEST_BUFFER,
        until=until + WIDEST_BUFFER,
        now=now,
        exclude_booking=exclude_booking,
        exclude_session=exclude_session,
    )
    return list(
        free_slots(
            zone=trainer.time_zone,
            hours=hours,
            days_off=days_off,
            busy=busy,
            rules=rules_of(session_type),
            first_day=first_day,
            last_day=last_day,
            now=now,
        )
    )


def slot_is_free(
    *,
    session_type: SessionType,
    starts_at: datetime,
    now: datetime,
    exclude_booking: Booking | None = None,
    exclude_session: Session | None = None,
) -> bool:
    """Whether ``starts_at`` is one of the type's free slots right now."""
    day = starts_at.astimezone(zoneinfo.ZoneInfo(session_type.trainer.time_zone)).date()
    return any(
        slot.starts_at == starts_at
        for slot in slots_free(
            session_type=session_type,
            first_day=day,
            last_day=day,
            now=now,
            exclude_booking=exclude_booking,
            exclude_session=exclude_session,
        )
    )


def next_free(
    *, session_type: SessionType, after: datetime, now: datetime, count: int = 3
) -> list[Slot]:
    """The next ``count`` free slots after ``after``, within a fortnight: what a
    visitor who lost a slot is offered instead."""
    day = after.astimezone(zoneinfo.ZoneInfo(session_type.trainer.time_zone)).date()
    slots = slots_free(
        session_type=session_type,
        first_day=day,
        last_day=day + timedelta(days=14),
        now=now,
    )
    return [slot for slot in slots if slot.starts_at > after][:count]


# When a session was not booked as a type (the trainer scheduled it): the notice a
# client must give to cancel it without cost.
DEFAULT_CANCEL_NOTICE = timedelta(hours=24)


def cancel_notice(session: Session) -> timedelta:
    """How long before it starts the client must cancel ``session`` without cost."""
    booking = getattr(session, "booking", None)
    if booking is not None and booking.session_type is not None:
        return timedelta(hours=booking.session_type.cancel_notice_hours)
    return DEFAULT_CANCEL_NOTICE


def is_late(session: Session, *, now: datetime) -> bool:
    """Whether cancelling ``session`` at ``now`` is inside its cancel notice."""
    return session.starts_at - now < cancel_notice(session)


def day_sessions(*, trainer: User, day: date, now: datetime):
    """The trainer's sessions still to come on ``day`` (their clock), and the
    visitors' confirmed consultations then."""
    tz = zoneinfo.ZoneInfo(trainer.time_zone)
    since = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    until = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(
        UTC
    )
    sessions = (
        Session.objects.for_trainer(trainer)
        .upcoming(now)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .select_related("client__trainer")
    )
    bookings = Booking.objects.filter(
        trainer=trainer,
        status=Booking.Status.CONFIRMED,
        starts_at__gte=max(since, now),
        starts_at__lt=until,
    ).select_related("trainer", "session_type", "consultation")
    return sessions, bookings


def training_types(*, client) -> QuerySet[SessionType]:
    """The training types the client's trainer offers for booking."""
    return SessionType.objects.filter(
        trainer=client.trainer, kind=SessionType.Kind.TRAINING, is_active=True
    ).select_related("trainer")


def my_session_get(*, client, pk: int) -> Session:
    """One of the client's own scheduled sessions still to come, or 404."""
    return get_object_or_404(
        Session.objects.scheduled()
        .filter(client=client)
        .select_related("client__trainer", "booking__session_type"),
        pk=pk,
    )


def session_list_bookable(*, client, now: datetime, limit: int = 20) -> list[Session]:
    """The client's next scheduled sessions, with how each was booked."""
    return list(
        Session.objects.upcoming(now)
        .filter(client=client)
        .select_related("booking__session_type")[:limit]
    )


@dataclass(frozen=True)
class Clash:
    """One of a client's sessions still to come that would share time (buffers
    included) with something already in another trainer's calendar."""

    session: Session
    what: str  # what it meets, said for the page

    def describe(self, zone: zoneinfo.ZoneInfo) -> str:
        starts = self.session.starts_at.astimezone(zone)
        ends = self.session.ends_at.astimezone(zone)
        return (
            f"{self.session.client.full_name}, {date_format(starts, 'D j M Y')} "
            f"{starts:%H:%M}–{ends:%H:%M}: overlaps {self.what}"
        )


def reassign_clashes(*, client, trainer: User, now: datetime) -> list[Clash]:
    """What moving ``client`` to ``trainer`` would put on top of each other: each of
    the client's scheduled sessions still to come against ``trainer``'s other
    clients' sessions, live bookings and consultations scheduled by hand, buffers
    included. Four queries, however many sessions."""
    mine = list(
        Session.objects.filter(client=client)
        .upcoming(now)
        .select_related("client", "booking__session_type")
        .order_by("starts_at", "pk")
    )
    if not mine:
        return []
    zone = zoneinfo.ZoneInfo(trainer.time_zone)

    def said(taken: Taken) -> str:
        if taken.kind == "consultation":
            return f"a consultation at {taken.starts.astimezone(zone):%H:%M}"
        span = (
            f"{taken.starts.astimezone(zone):%H:%M}–{taken.ends.astimezone(zone):%H:%M}"
        )
        if taken.kind == "booking":
            return f"a visitor's consultation {span}"
        return f"{taken.name}'s session {span}"

    theirs = sorted(
        (t.blocked_from, t.blocked_until, said(t))
        for t in taken_stretches(
            trainer=trainer,
            since=mine[0].starts_at - WIDEST_BUFFER,
            until=max(s.ends_at for s in mine) + WIDEST_BUFFER,
            now=now,
            exclude_client=client,
        )
    )
    clashes = []
    for session in mine:
        booked = getattr(session, "booking", None)
        kind = booked.session_type if booked is not None else None
        starts, ends = _padded(
            session.starts_at,
            session.ends_at,
            kind.buffer_before if kind else 0,
            kind.buffer_after if kind else 0,
        )
        clashes += [
            Clash(session=session, what=what)
            for other_starts, other_ends, what in theirs
            if other_starts < ends and other_ends > starts
        ]
    return clashes
