"""A visitor's confirmed consultation is reminded the day before by the sweep that
reminds sessions, with the links to move or cancel it; a cancelled or moved booking
is never reminded at its old time."""

from datetime import UTC, datetime, timedelta

import pytest

from booking.models import Booking
from booking.services import booking_cancel, booking_confirm, booking_move
from clients.services import consultation_schedule
from scheduling.services import reminder_sweep
from scheduling.services.reminders import reminder_sources
from tests.booking.test_services import TEN, hold

pytestmark = pytest.mark.django_db

# TEN is 05:00 on Tuesday 5 January in New York, the visitor's zone: the reminder is
# due at 05:00 New York time on Monday, 10:00 UTC.
DUE = datetime(2027, 1, 4, 10, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    """Run the sweep at ``now``; the emails it sent."""

    def run(now):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reminder_sweep(now=now)
        return [m for m in mailoutbox if m.subject.startswith("Reminder")]

    return run


def test_the_sweep_that_reminds_sessions_reminds_bookings():
    assert [source.name for source in reminder_sources()] == ["sessions", "bookings"]


def test_a_confirmed_consultation_is_reminded_once_the_day_before_with_its_links(
    consultation, now, sweep
):
    booking = booking_confirm(booking=hold(consultation))
    assert sweep(DUE - MINUTE) == []
    [reminder] = sweep(DUE)
    assert reminder.to == ["ada@example.com"]
    assert reminder.subject == "Reminder: your consultation tomorrow at 05:00"
    assert "Tuesday 5 January, 05:00 to 05:30 (America/New_York)" in reminder.body
    assert "with Sam" in reminder.body
    assert f"/book/{booking.token}/move/" in reminder.body
    assert f"/book/{booking.token}/cancel/" in reminder.body
    html = reminder.alternatives[0][0]
    assert f"/book/{booking.token}/cancel/" in html
    assert sweep(DUE + timedelta(hours=1)) == []  # once


def test_a_held_booking_is_not_reminded(consultation, now, sweep):
    hold(consultation)
    assert sweep(DUE) == []


def test_a_cancelled_booking_is_never_reminded(consultation, now, sweep):
    booking = booking_confirm(booking=hold(consultation))
    booking_cancel(booking=booking)
    assert sweep(DUE) == []
    assert sweep(TEN - timedelta(hours=1)) == []


def test_a_moved_booking_is_reminded_at_its_new_time_only(consultation, now, sweep):
    booking = booking_confirm(booking=hold(consultation))
    moved = booking_move(booking=booking, starts_at=TEN + timedelta(days=2))
    assert sweep(DUE) == []
    assert sweep(DUE + timedelta(days=1)) == []
    [reminder] = sweep(DUE + timedelta(days=2))
    assert "Thursday 7 January, 05:00" in reminder.body
    assert Booking.objects.get(pk=moved.pk).reminded_24h_sequence == moved.sequence


def test_a_booking_moved_after_its_reminder_is_reminded_again_for_the_new_time(
    consultation, now, sweep
):
    booking = booking_confirm(booking=hold(consultation))
    assert len(sweep(DUE)) == 1
    booking_move(booking=booking, starts_at=TEN + timedelta(days=3), now=DUE)
    assert sweep(DUE + timedelta(days=2)) == []
    [reminder] = sweep(DUE + timedelta(days=3))
    assert "Friday 8 January" in reminder.body


def test_a_consultation_confirmed_inside_the_day_gets_no_reminder_after_it(
    consultation, now, sweep
):
    # Booked at 08:00 for 10:00 the same day: the confirmation is the reminder.
    booking_confirm(booking=hold(consultation, at=NOW_TEN))
    assert sweep(NOW_TEN - timedelta(hours=1)) == []


def test_a_consultation_the_owner_rescheduled_by_hand_is_not_reminded_at_the_old_time(
    consultation, now, sweep
):
    booking = booking_confirm(booking=hold(consultation))
    consultation_schedule(
        consultation=booking.consultation, starts_at=TEN + timedelta(days=5)
    )
    assert sweep(DUE) == []


NOW_TEN = datetime(2027, 1, 4, 10, tzinfo=UTC)
