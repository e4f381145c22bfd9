"""What every schedule must respect, shared by the services that write sessions: the
refusals and their messages, the overlap warning, and local times."""

import zoneinfo
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.utils.formats import date_format

from accounts.models import User
from clients.models import Client
from scheduling.models import (
    MAX_SERIES_WEEKS,
    MAX_SESSION_LENGTH,
    SESSION_ENDS_BEFORE_START,
    SESSION_TOO_LONG,
    Series,
    Session,
)

SESSION_IN_PAST = "That time has already passed: pick one in the future."
SESSION_TOO_FAR = "Pick a date within the next year."
SESSION_NOT_YET = (
    "That time has not come yet: schedule the session instead of recording it."
)
SESSION_TOO_LONG_AGO = "Pick a date within the last year."
SESSION_HAS_STARTED = "This session has already started, so it can no longer change."
SESSION_IS_CANCELLED = "This session is cancelled."
SERIES_NO_DAYS = "Pick at least one day of the week."
SERIES_TOO_LONG = f"A series runs for 1 to {MAX_SERIES_WEEKS} weeks: a year at most."
SERIES_IN_PAST = (
    "The first session, {when}, would be in the past: start the series later."
)
NO_SUCH_TIME = "{time} does not exist on {day} in {zone}: the clocks go forward then."

BOOKING_HORIZON = timedelta(days=366)


class SessionOverlap(Exception):
    """The times share time with other sessions of the trainer. A warning, not a
    refusal: the trainer may schedule them anyway."""

    def __init__(self, sessions: list[Session]):
        super().__init__(f"Overlaps {len(sessions)} session{pluralize(len(sessions))}")
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


def check_duration(duration: timedelta) -> None:
    if duration <= timedelta(0):
        raise ValidationError({"duration": SESSION_ENDS_BEFORE_START})
    if duration > MAX_SESSION_LENGTH:
        raise ValidationError({"duration": SESSION_TOO_LONG})


def check_future(*, sessions: Iterable[Session], now: datetime) -> None:
    for session in sessions:
        if session.starts_at <= now:
            raise ValidationError({"start_time": SESSION_IN_PAST})
        if session.starts_at > now + BOOKING_HORIZON:
            raise ValidationError({"day": SESSION_TOO_FAR})


def check_past(*, session: Session, now: datetime) -> None:
    """A session recorded after the fact: it has started, within the last year."""
    if session.starts_at > now:
        raise ValidationError({"start_time": SESSION_NOT_YET})
    if session.starts_at < now - BOOKING_HORIZON:
        raise ValidationError({"day": SESSION_TOO_LONG_AGO})


def validate(session: Session) -> None:
    """Validate the fields: the client came from an ownership-checked selector or
    form, and the database holds the constraints, so no query is needed."""
    session.full_clean(exclude=["client", "series"], validate_constraints=False)


def trainer_lock(trainer: User) -> None:
    """Serialise every write that takes ``trainer``'s time until the transaction
    ends, so that a check that the time is free and the insert are one step: a row
    lock on the trainer on PostgreSQL; SQLite runs each transaction IMMEDIATE (see
    the settings), which holds the database's write lock from its first statement.
    Bookings (the booking app) take the same lock."""
    list(User.objects.select_for_update().filter(pk=trainer.pk).values_list("pk"))


def check_overlaps(
    *, trainer: User, sessions: list[Session], allow_overlap: bool
) -> None:
    """Raise ``SessionOverlap`` when ``sessions`` share time with other scheduled
    sessions of the trainer (unless ``allow_overlap``). Two queries: the trainer's
    lock (``trainer_lock``), then the overlaps."""
    if allow_overlap or not sessions:
        return
    trainer_lock(trainer)
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


def new_session(
    *,
    client: Client,
    day: date,
    start_time: time,
    duration: timedelta,
    series: Series | None = None,
    **details: str,
) -> Session:
    """An unsaved session at ``start_time`` on ``day``, on the clock of the client's
    trainer."""
    trainer = client.trainer
    session = Session(
        client=client,
        series=series,
        time_zone=trainer.time_zone,
        **details,
    )
    starts_at = local_datetime(day=day, at=start_time, zone=trainer.time_zone)
    session.set_times(starts_at=starts_at, ends_at=starts_at + duration)
    return session
