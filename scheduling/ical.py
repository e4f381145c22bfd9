"""Sessions as an iCalendar feed, for the calendar app a trainer or client already
uses."""

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, vDuration
from icalendar.enums import STATUS

from accounts.models import User
from scheduling.models import Session
from scheduling.selectors import session_program_day

REFRESH = timedelta(hours=1)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session: Session) -> str:
    """The event's UID: the same for the life of the session, so that a calendar app
    updates the event it has instead of adding a second one."""
    return f"session-{session.pk}@{_host()}"


def _event(session: Session, *, for_trainer: bool) -> Event:
    if for_trainer:
        summary = f"Training: {session.client.full_name}"
    else:
        summary = f"Training with {session.trainer.get_full_name() or 'your coach'}"
    description = "\n\n".join(
        text
        for text in (session_program_day(session), session.video_url, session.notes)
        if text
    )
    return Event.new(
        uid=session_uid(session),
        sequence=session.sequence,
        stamp=session.updated_at,
        last_modified=session.updated_at,
        start=session.starts_at,
        end=session.ends_at,
        summary=summary,
        location=session.location or session.video_url or None,
        description=description or None,
        url=session.video_url or None,
        status=STATUS.CANCELLED if session.is_cancelled else STATUS.CONFIRMED,
    )


def calendar_ical(*, user: User, sessions: Iterable[Session]) -> bytes:
    """``user``'s sessions as an iCalendar file. Times are in UTC: each calendar app
    shows them on its own clock. Cancelled sessions are listed as cancelled, so that
    apps remove them."""
    calendar = Calendar.new(
        prodid="-//Strength Coach//Sessions//EN",
        uid=f"sessions-{user.pk}@{_host()}",
        name="Training sessions",
        method="PUBLISH",
        refresh_interval=REFRESH,
    )
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # Outlook reads this one
    for session in sessions:
        calendar.add_component(_event(session, for_trainer=user.is_trainer))
    return calendar.to_ical()
