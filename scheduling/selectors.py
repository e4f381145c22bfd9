"""Every read of the scheduling app. Sessions are read through the trainer who owns
them, or through a client already fetched by an ownership selector."""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from clients.models import Client
from scheduling.models import CalendarFeed, Session

FEED_HISTORY = timedelta(days=90)
FEED_HORIZON = timedelta(days=800)


def session_program_day(session: Session) -> str:
    """What the session works on, as the reminder tells the client: today the
    trainer's "focus". The one place to wire in the day of the client's program.
    The reminder sweep calls it for every session of a batch: keep it free of
    queries (join or prefetch in the sweep's query instead)."""
    return session.focus


def session_when(
    session: Session, *, time_zone: str, now: datetime | None = None
) -> dict[str, str]:
    """A session's times as its reader says them, on the reader's clock: the date,
    start and end, the zone, and, given ``now``, "today", "tomorrow" or "on Monday
    30 March". Formatted once here rather than by filters in each template."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start = session.starts_at.astimezone(zone)
    when = {
        "date": date_format(start, "l j F"),
        "start": f"{start:%H:%M}",
        "end": f"{session.ends_at.astimezone(zone):%H:%M}",
        "zone": time_zone,
    }
    if now is not None:
        days_ahead = (start.date() - now.astimezone(zone).date()).days
        when["day"] = {0: "today", 1: "tomorrow"}.get(days_ahead, f"on {when['date']}")
    return when


def _zone(user: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(user.time_zone)


def _start_of(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def session_list_for_trainer(
    *, trainer: User, client_id: int | None = None
) -> QuerySet[Session]:
    """The trainer's sessions (of one of their clients, with ``client_id``), soonest
    first, cancelled ones included."""
    sessions = Session.objects.for_trainer(trainer)
    if client_id is not None:
        sessions = sessions.filter(client_id=client_id)
    return sessions.order_by("starts_at", "pk")


def session_get(*, trainer: User, pk: int) -> Session:
    """One of the trainer's own sessions with its workout, if one was logged, or
    404."""
    return get_object_or_404(
        Session.objects.for_trainer(trainer).select_related(
            "client", "series", "workout"
        ),
        pk=pk,
    )


def session_get_for_client(*, client: Client, pk: int) -> Session:
    """One of the client's sessions that is still on (not cancelled), or 404: the
    session a logged workout belongs to."""
    return get_object_or_404(
        Session.objects.filter(client=client).exclude(status=Session.Status.CANCELLED),
        pk=pk,
    )


def session_list_today(
    *, trainer: User, now: datetime | None = None, limit: int = 25
) -> list[Session]:
    """The trainer's first ``limit`` sessions of today, on their own clock, cancelled
    ones left out: the dashboard's list (the week page has them all)."""
    zone = _zone(trainer)
    today = (now or timezone.now()).astimezone(zone).date()
    return list(
        Session.objects.for_trainer(trainer)
        .scheduled()
        .filter(
            starts_at__gte=_start_of(today, zone),
            starts_at__lt=_start_of(today + timedelta(days=1), zone),
        )
        .select_related("client")[:limit]
    )


def _of(client: Client, sessions: list[Session]) -> list[Session]:
    """The sessions, each with the client instance they were asked for (and what it
    has loaded), instead of a join that reads the client again."""
    for session in sessions:
        session.client = client
    return sessions


@dataclass
class ClientSessions:
    today: Session | None  # the first of today's, on the trainer's clock
    upcoming: list[Session]  # the next few that have not started


def session_list_from_today(
    *, trainer: User, client: Client, now: datetime | None = None, limit: int = 3
) -> ClientSessions:
    """The client's first session of today and next ``limit`` sessions, for the
    client page: one query, and a second only when more than a few of today's
    sessions have already started."""
    now = now or timezone.now()
    zone = _zone(trainer)
    today = now.astimezone(zone).date()
    tomorrow = _start_of(today + timedelta(days=1), zone)
    sessions = Session.objects.filter(client=client).scheduled()
    reach = limit + 5
    found = _of(
        client, list(sessions.filter(starts_at__gte=_start_of(today, zone))[:reach])
    )
    upcoming = [s for s in found if s.starts_at > now][:limit]
    if len(upcoming) < limit and len(found) == reach:
        upcoming = session_list_next(client=client, now=now, limit=limit)
    first = found[0] if found and found[0].starts_at < tomorrow else None
    return ClientSessions(today=first, upcoming=upcoming)


def session_list_upcoming(*, client: Client, now: datetime | None = None) -> QuerySet:
    """A client's sessions still to come, soonest first. ``client`` comes from an
    ownership selector (``client_get`` or ``client_for_user``)."""
    return (
        Session.objects.filter(client=client)
        .upcoming(now or timezone.now())
        .select_related("client__trainer")
    )


def session_list_next(
    *, client: Client, now: datetime | None = None, limit: int = 3
) -> list[Session]:
    """The client's next few sessions, for "My program" and the client page."""
    upcoming = Session.objects.filter(client=client).upcoming(now or timezone.now())
    return _of(client, list(upcoming[:limit]))


def session_list_following(session: Session) -> QuerySet:
    """The sessions of the same series after this one that can still change."""
    if not session.series_id:
        return Session.objects.none()
    return Session.objects.scheduled().filter(
        series_id=session.series_id, starts_at__gt=session.starts_at
    )


@dataclass
class Day:
    day: date
    sessions: list[Session]


@dataclass
class Week:
    start: date
    days: list[Day]
    overlapping: set[int]  # pks of scheduled sessions that share time with another

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def count(self) -> int:
        return sum(len(day.sessions) for day in self.days)


def session_week(*, trainer: User, day: date) -> Week:
    """The trainer's sessions in the week (Monday to Sunday, on their clock) that
    holds ``day``, by day, with the sessions that overlap marked. One query."""
    zone = _zone(trainer)
    start = day - timedelta(days=day.weekday())
    sessions = list(
        Session.objects.for_trainer(trainer)
        .filter(
            starts_at__gte=_start_of(start, zone),
            starts_at__lt=_start_of(start + timedelta(days=7), zone),
        )
        .select_related("client")
    )
    days = [Day(day=start + timedelta(days=n), sessions=[]) for n in range(7)]
    for session in sessions:
        days[(session.starts_at.astimezone(zone).date() - start).days].sessions.append(
            session
        )
    live = [s for s in sessions if not s.is_cancelled]
    overlapping = {
        a.pk
        for a in live
        for b in live
        if a.pk != b.pk and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    }
    return Week(start=start, days=days, overlapping=overlapping)


def calendar_feed_for_user(*, user: User) -> CalendarFeed | None:
    """The user's calendar address, if they have turned it on."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_get(*, token: str) -> CalendarFeed:
    """The feed with this token, or 404: a wrong token and a revoked one look the
    same."""
    return get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)


def session_list_for_feed(*, user: User, now: datetime | None = None) -> QuerySet:
    """The sessions a user's calendar shows: a trainer's own, a client's own, from
    three months back. Cancelled ones stay, marked, so calendars remove them."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        starts_at__gte=now - FEED_HISTORY, starts_at__lt=now + FEED_HORIZON
    ).select_related("client__trainer")
    if user.is_trainer:
        return sessions.for_trainer(user)
    if user.is_client:
        return sessions.filter(client__user=user)
    return sessions.none()
