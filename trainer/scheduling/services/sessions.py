"""Scheduling, rescheduling and cancelling sessions, one at a time or as a series."""

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from clients.models import Client
from trainer.accounts.models import User
from trainer.outbox.services import absolute_url, email_queue
from trainer.scheduling.models import (
    MAX_SERIES_WEEKS,
    MAX_SESSION_LENGTH,
    SESSION_ENDS_BEFORE_START,
    SESSION_TOO_LONG,
    Series,
    Session,
)
from trainer.scheduling.selectors import session_program_day, session_when

NOT_YOUR_CLIENT = "Pick one of your own clients."
SESSION_IN_PAST = "That time has already passed: pick one in the future."
SESSION_TOO_FAR = "Pick a date within the next year."
SESSION_HAS_STARTED = "This session has already started, so it can no longer change."
SESSION_IS_CANCELLED = "This session is cancelled."
SERIES_NO_DAYS = "Pick at least one day of the week."
SERIES_TOO_LONG = f"A series runs for 1 to {MAX_SERIES_WEEKS} weeks: a year at most."
SERIES_IN_PAST = (
    "The first session, {when}, would be in the past: start the series later."
)
NO_SUCH_TIME = "{time} does not exist on {day} in {zone}: the clocks go forward then."

BOOKING_HORIZON = timedelta(days=366)
DETAIL_FIELDS = ["location", "video_url", "focus", "notes"]
PLACE_FIELDS = {"location", "video_url"}


class SessionOverlap(Exception):
    """The times share time with other sessions of the trainer. A warning, not a
    refusal: the trainer may schedule them anyway."""

    def __init__(self, sessions: list[Session]):
        super().__init__(f"Overlaps {len(sessions)} session(s)")
        self.sessions = sessions


def local_datetime(*, day: date, at: time, zone: str) -> datetime:
    """``at`` o'clock on ``day`` in ``zone``, in UTC. A time the clocks skip (the
    hour they go forward) is refused rather than moved."""
    tz = zoneinfo.ZoneInfo(zone)
    local = datetime.combine(day, at, tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            {
                "start_time": NO_SUCH_TIME.format(
                    time=at.strftime("%H:%M"),
                    day=date_format(day, "j F Y"),
                    zone=zone,
                )
            }
        )
    return instant


def _check_client(*, trainer: User, client: Client) -> None:
    if client.trainer_id != trainer.pk:
        raise ValidationError({"client": NOT_YOUR_CLIENT})


def _check_duration(duration: timedelta) -> None:
    if duration <= timedelta(0):
        raise ValidationError({"duration": SESSION_ENDS_BEFORE_START})
    if duration > MAX_SESSION_LENGTH:
        raise ValidationError({"duration": SESSION_TOO_LONG})


def _check_future(*, sessions: Iterable[Session], now: datetime) -> None:
    for session in sessions:
        if session.starts_at <= now:
            raise ValidationError({"start_time": SESSION_IN_PAST})
        if session.starts_at > now + BOOKING_HORIZON:
            raise ValidationError({"day": SESSION_TOO_FAR})


def _validate(session: Session) -> None:
    """Validate the fields: the trainer and client were checked above, and the
    database holds the constraints, so no query is needed."""
    session.full_clean(
        exclude=["trainer", "client", "series"], validate_constraints=False
    )


def _check_overlaps(
    *, trainer: User, sessions: list[Session], allow_overlap: bool
) -> None:
    """Raise ``SessionOverlap`` when ``sessions`` share time with other scheduled
    sessions of the trainer (unless ``allow_overlap``). One query."""
    if allow_overlap or not sessions:
        return
    others = (
        Session.objects.for_trainer(trainer)
        .scheduled()
        .overlapping(
            min(s.starts_at for s in sessions), max(s.ends_at for s in sessions)
        )
        .exclude(pk__in=[s.pk for s in sessions if s.pk])
        .select_related("client")
    )
    clashes = [
        other
        for other in others
        if any(
            other.starts_at < s.ends_at and other.ends_at > s.starts_at
            for s in sessions
        )
    ]
    if clashes:
        raise SessionOverlap(clashes)


def _new_session(
    *,
    trainer: User,
    client: Client,
    day: date,
    start_time: time,
    duration: timedelta,
    series: Series | None = None,
    **details: str,
) -> Session:
    session = Session(
        trainer=trainer,
        client=client,
        series=series,
        time_zone=trainer.time_zone,
        **details,
    )
    starts_at = local_datetime(day=day, at=start_time, zone=trainer.time_zone)
    session.set_times(starts_at=starts_at, ends_at=starts_at + duration)
    return session


@transaction.atomic
def session_schedule(
    *,
    trainer: User,
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
    """Schedule a session of ``trainer`` with one of their clients, at ``start_time``
    on ``day`` on the trainer's clock.

    Refused (``ValidationError`` on the field): another trainer's client, a length
    of zero or more than 12 hours, a time in the past or more than a year ahead.
    Raises ``SessionOverlap`` when it shares time with another of the trainer's
    sessions, unless ``allow_overlap``.
    """
    now = now or timezone.now()
    _check_client(trainer=trainer, client=client)
    _check_duration(duration)
    session = _new_session(
        trainer=trainer,
        client=client,
        day=day,
        start_time=start_time,
        duration=duration,
        location=location,
        video_url=video_url,
        focus=focus,
        notes=notes,
    )
    _check_future(sessions=[session], now=now)
    _validate(session)
    _check_overlaps(trainer=trainer, sessions=[session], allow_overlap=allow_overlap)
    session.save()
    return session


def series_days(*, first_day: date, weekdays: Iterable[int], weeks: int) -> list[date]:
    """The dates of a weekly series: each chosen weekday (0 is Monday) in the
    ``weeks`` weeks that start on ``first_day``."""
    chosen = set(weekdays)
    days = (first_day + timedelta(days=n) for n in range(7 * weeks))
    return [day for day in days if day.weekday() in chosen]


@transaction.atomic
def series_schedule(
    *,
    trainer: User,
    client: Client,
    first_day: date,
    weekdays: list[int],
    weeks: int,
    start_time: time,
    duration: timedelta,
    location: str = "",
    video_url: str = "",
    focus: str = "",
    notes: str = "",
    allow_overlap: bool = False,
    now: datetime | None = None,
) -> Series:
    """Schedule a weekly series: a session at ``start_time`` (on the trainer's clock,
    whatever the season) on each chosen weekday for ``weeks`` weeks from
    ``first_day``.

    Refused as ``session_schedule`` refuses one session, and when no day is chosen or
    the series runs longer than a year. Nothing is saved unless every session can be.
    """
    now = now or timezone.now()
    _check_client(trainer=trainer, client=client)
    if not weekdays or not set(weekdays) <= set(range(7)):
        raise ValidationError({"weekdays": SERIES_NO_DAYS})
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise ValidationError({"weeks": SERIES_TOO_LONG})
    _check_duration(duration)
    series = Series(
        trainer=trainer,
        client=client,
        weekdays=sorted(set(weekdays)),
        weeks=weeks,
        first_date=first_day,
    )
    details = {
        "location": location,
        "video_url": video_url,
        "focus": focus,
        "notes": notes,
    }
    sessions = [
        _new_session(
            trainer=trainer,
            client=client,
            day=day,
            start_time=start_time,
            duration=duration,
            series=series,
            **details,
        )
        for day in series_days(first_day=first_day, weekdays=weekdays, weeks=weeks)
    ]
    first = sessions[0]
    if first.starts_at <= now:
        when = first.starts_at.astimezone(zoneinfo.ZoneInfo(trainer.time_zone))
        raise ValidationError(
            {"day": SERIES_IN_PAST.format(when=date_format(when, "l j F, H:i"))}
        )
    _check_future(sessions=[first], now=now)
    # The sessions differ only in their times, checked above: validate one.
    _validate(first)
    _check_overlaps(trainer=trainer, sessions=sessions, allow_overlap=allow_overlap)
    series.save()
    for session in sessions:
        session.series = series
    Session.objects.bulk_create(sessions)
    return series


def _locked(session: Session, *, following: bool) -> list[Session]:
    """The session, and with ``following`` the later scheduled sessions of its
    series, locked for the change (PostgreSQL; SQLite serialises writers)."""
    rows = Session.objects.select_for_update(of=("self",)).select_related(
        "client__user", "trainer"
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
    _check_duration(duration)
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
    _check_future(sessions=sessions, now=now)
    _validate(session)
    _check_overlaps(
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


def client_set_reminders(*, client: Client, reminders: str) -> Client:
    """Choose which session reminders the client gets: 24 hours before, 2 hours
    before, both or none. Sessions already reminded are not reminded again."""
    client.reminders = Client._meta.get_field("reminders").clean(reminders, client)
    client.save(update_fields=["reminders", "updated_at"])
    return client
