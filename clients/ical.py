"""A booked consultation as an iCalendar file, sent with its confirmation so that the
visitor can add it to the calendar they already use."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from clients.models import Consultation

# The length the confirmation's calendar event blocks out.
CONSULTATION_LENGTH = timedelta(hours=1)
SUMMARY = "Initial consultation and assessment"


def consultation_ical(*, consultation: Consultation, now: datetime) -> bytes:
    """The consultation's time as one event. Its UID stays the same when the
    consultation moves, and its SEQUENCE grows, so a calendar app moves the event
    it has rather than adding a second one."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    trainer = consultation.trainer
    summary = SUMMARY
    if trainer is not None:
        summary += f" with {trainer.get_full_name() or 'your coach'}"
    calendar = Calendar.new(
        prodid="-//Strength Coach//Consultation//EN", method="PUBLISH"
    )
    calendar.add_component(
        Event.new(
            uid=f"consultation-{consultation.pk}@{host}",
            sequence=int(now.timestamp()),
            stamp=now,
            start=consultation.scheduled_at,
            end=consultation.scheduled_at + CONSULTATION_LENGTH,
            summary=summary,
        )
    )
    return calendar.to_ical()
