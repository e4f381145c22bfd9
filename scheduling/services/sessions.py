"""Scheduling, rescheduling and cancelling sessions (and the rest of a series)."""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from outbox.services import absolute_url, email_queue
from scheduling.models import Session
from scheduling.selectors import session_program_day, session_when
from scheduling.services.checks import (
    SESSION_HAS_STARTED,
    SESSION_IS_CANCELLED,
    check_duration,
    check_future,
    check_overlaps,
    check_past,
    local_datetime,
    new_session,
    validate,
)
from screening.gate import training_gate_check

DETAIL_FIELDS = ["location", "video_url", "focus", "notes"]
PLACE_FIELDS = {"location", "video_url"}


@transaction.atomic
def session_schedule(
    *,
    client: Client,
    day: date,
    start_time: time,
    duration: timedelta,
    location: str = "",
    video_url: str = "",
    focus: str = "",
    notes: str = "",
    allow_overlap: bool = False,
    now: datetime | None = None,
) -> Session:
    """Schedule a session with ``client`` (from an ownership-checked selector or
    form), at ``start_time`` on ``day`` on the clock of the client's trainer.

    Refused (``ValidationError`` on the field): a length of zero or more than 12
    hours, a time in the past or more than a year ahead. Raises ``SessionOverlap``
    when it shares time with another of the trainer's sessions, unless
    ``allow_overlap``.
    """
    now = now or timezone.now()
    check_duration(duration)
    training_gate_check(client=client)
    session = new_session(
        client=client,
        day=day,
        start_time=start_time,
        duration=duration,
        location=location,
        video_url=video_url,
        focus=focus,
        notes=notes,
    )
    check_future(sessions=[session], now=now)
    validate(session)
    check_overlaps(
        trainer=client.trainer, sessions=[session], allow_overlap=allow_overlap
    )
    session.save()
    return session


@transaction.atomic
def session_record(
    *,
    client: Client,
    day: date,
    start_time: time,
    duration: timedelta,
    location: str = "",
    video_url: str = "",
    focus: str = "",
    notes: str = "",
    allow_overlap: bool = False,
    now: datetime | None = None,
) -> Session:
    """Record a session that already took place with ``client`` (a trainer who did
    not schedule it beforehand), at ``start_time`` on ``day`` on the clock of the
    client's trainer, marked attended; its workout is logged for it afterwards. No
    reminder is ever due for it: reminders go only to sessions still to come.

    Refused (``ValidationError`` on the field): a length of zero or more than 12
    hours, a start still to come or more than a year ago. Raises ``SessionOverlap``
    as ``session_schedule`` does.
    """
    now = now or timezone.now()
    check_duration(duration)
    training_gate_check(client=client)
    session = new_session(
        client=client,
        day=day,
        start_time=start_time,
        duration=duration,
        location=location,
        video_url=video_url,
        focus=focus,
        notes=notes,
        attendance=Session.Attendance.ATTENDED,
    )
    check_past(session=session, now=now)
    validate(session)
    check_overlaps(
        trainer=client.trainer, sessions=[session], allow_overlap=allow_overlap
    )
    session.save()
    return session


def _locked(session: Session, *, following: bool) -> list[Session]:
    """The session, and with ``following`` the later scheduled sessions of its
    series, locked for the change (PostgreSQL; SQLite serialises writers)."""
    rows = Session.objects.select_for_update(of=("self",)).select_related(
        "client__user", "client__trainer"
    )
    session = rows.get(pk=session.pk)
    later = []
    if following and session.series_id:
        later = list(
            rows.scheduled()
            .filter(series_id=session.series_id, starts_at__gt=session.starts_at)
            .exclude(pk=session.pk)
        )
    return [session, *later]


def _check_changeable(session: Session, *, now: datetime) -> None:
    if session.is_cancelled:
        raise ValidationError(SESSION_IS_CANCELLED)
    if session.starts_at <= now:
        raise ValidationError(SESSION_HAS_STARTED)


@transaction.atomic
def session_reschedule(
    *,
    session: Session,
    day: date,
    start_time: time,
    duration: timedelta,
    location: str = "",
    video_url: str = "",
    focus: str = "",
    notes: str = "",
    following: bool = False,
    allow_overlap: bool = False,
    now: datetime | None = None,
) -> list[Session]:
    """Move a session and change its details; with ``following``, the rest of its
    series too. Returns the sessions changed.

    The later sessions move as this one does, on the session's clock: by as many days,
    to the new start time and length. Of the details, those changed here apply to
    them. A change of time or place raises the schedule's ``sequence``: calendars
    update, and a client already reminded gets a reminder of the new schedule when it
    is due. Refused for a cancelled or started session, and as ``session_schedule``.
    """
    now = now or timezone.now()
    sessions = _locked(session, following=following)
    session = sessions[0]
    _check_changeable(session, now=now)
    check_duration(duration)
    details = {
        "location": location,
        "video_url": video_url,
        "focus": focus,
        "notes": notes,
    }
    changed = {
        name: value
        for name, value in details.items()
        if getattr(session, name) != value
    }
    zone = zoneinfo.ZoneInfo(session.time_zone)
    shift = day - session.starts_at.astimezone(zone).date()
    for each in sessions:
        moved_day = each.starts_at.astimezone(zone).date() + shift
        starts_at = local_datetime(day=moved_day, at=start_time, zone=session.time_zone)
        moved = (starts_at, starts_at + duration) != (each.starts_at, each.ends_at)
        for name, value in changed.items():
            setattr(each, name, value)
        if moved or PLACE_FIELDS & changed.keys():
            each.sequence += 1
        each.set_times(starts_at=starts_at, ends_at=starts_at + duration)
        each.updated_at = timezone.now()
    check_future(sessions=sessions, now=now)
    validate(session)
    check_overlaps(
        trainer=session.trainer, sessions=sessions, allow_overlap=allow_overlap
    )
    Session.objects.bulk_update(
        sessions,
        [
            "starts_at",
            "ends_at",
            "remind_24h_at",
            "remind_2h_at",
            "sequence",
            "updated_at",
            *DETAIL_FIELDS,
        ],
    )
    return sessions


@transaction.atomic
def session_cancel(
    *, session: Session, following: bool = False, now: datetime | None = None
) -> list[Session]:
    """Cancel a session; with ``following``, the rest of its series too. Returns the
    sessions cancelled.

    No reminder goes out for a cancelled session. A client who was already reminded
    of one is emailed that it is cancelled (once: the email's key is the session).
    Refused for a session already cancelled or started.
    """
    now = now or timezone.now()
    sessions = _locked(session, following=following)
    _check_changeable(sessions[0], now=now)
    for each in sessions:
        each.status = Session.Status.CANCELLED
        each.cancelled_at = now
        each.sequence += 1
        each.updated_at = now
    Session.objects.bulk_update(
        sessions, ["status", "cancelled_at", "sequence", "updated_at"]
    )
    for each in sessions:
        if each.was_reminded and each.client.email:
            _email_cancellation(each)
    return sessions


def _email_cancellation(session: Session) -> None:
    client = session.client
    email_queue(
        key=f"session-cancelled:{session.pk}",
        to=client.email,
        template="session_cancelled",
        context={
            "session": session,
            "client": client,
            "trainer": session.trainer,
            "when": session_when(session, time_zone=client.time_zone),
            "program_day": session_program_day(session),
            "sessions_url": client.user_id
            and absolute_url(reverse("scheduling:my_sessions")),
        },
    )


SESSION_NOT_STARTED = "This session has not started yet: mark it once it has."


@transaction.atomic
def session_mark_attendance(
    *, session: Session, attendance: str, now: datetime | None = None
) -> Session:
    """Mark a session attended or missed (or neither, with ""), once it has started.
    Refused for a cancelled session. Idempotent."""
    now = now or timezone.now()
    if session.is_cancelled:
        raise ValidationError(SESSION_IS_CANCELLED)
    if session.starts_at > now:
        raise ValidationError(SESSION_NOT_STARTED)
    if attendance not in {"", *Session.Attendance.values}:
        raise ValidationError({"attendance": "Choose attended or missed."})
    if session.attendance != attendance:
        session.attendance = attendance
        session.save(update_fields=["attendance", "updated_at"])
    return session
