"""A visitor's booked consultation is reminded the day before, by the sweep that
reminds sessions: the same claim, outbox and sends (``scheduling.services.reminders``).
"""

from datetime import datetime

from booking.models import Booking
from booking.services.visitors import booking_links
from outbox.services import EmailDraft
from scheduling.models import Session
from scheduling.selectors import session_when
from scheduling.services.reminders import ReminderSource, reminder_source_register


def booking_reminder_key(booking: Booking, kind: Session.Reminder) -> str:
    """The outbox key of one reminder: one per booking, kind and time."""
    return f"booking-reminder:{booking.pk}:{kind.value}:{booking.sequence}"


def _draft(
    booking: Booking, *, kind: Session.Reminder, now: datetime, links: dict[str, str]
) -> EmailDraft:
    return EmailDraft(
        key=booking_reminder_key(booking, kind),
        to=booking.email,
        template="booking_reminder",
        context={
            "booking": booking,
            "trainer": booking.trainer,
            # A booking has the times a session has: said the same way.
            "when": session_when(booking, time_zone=booking.time_zone, now=now),
            **booking_links(booking),
        },
    )


BOOKINGS = ReminderSource(
    name="bookings",
    kinds=(Session.Reminder.DAY_BEFORE,),
    due=lambda now, kind: Booking.objects.due_for_reminder(now).select_related(
        "trainer"
    ),
    draft=_draft,
)


def register() -> None:
    """Add visitors' consultations to the reminder sweep (from ``ready()``)."""
    reminder_source_register(BOOKINGS)
