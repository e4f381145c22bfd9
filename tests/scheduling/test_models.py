"""When a session's reminders are due, and which sessions the sweep picks."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from clients.models import Client
from scheduling.models import Series, Session, reminder_times
from tests.factories import ClientFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY_BEFORE = Session.Reminder.DAY_BEFORE
TWO_HOURS = Session.Reminder.TWO_HOURS


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "starts_at", "day_before", "hours_ahead"),
    [
        # London: clocks forward on Sunday 29 March 2026, back on 25 October.
        ("Europe/London", utc(2026, 3, 29, 9), utc(2026, 3, 28, 10), 23),
        ("Europe/London", utc(2026, 3, 30, 9), utc(2026, 3, 29, 9), 24),
        ("Europe/London", utc(2026, 10, 25, 10), utc(2026, 10, 24, 9), 25),
        # New York: forward on Sunday 8 March 2026, back on 1 November.
        ("America/New_York", utc(2026, 3, 8, 14), utc(2026, 3, 7, 15), 23),
        ("America/New_York", utc(2026, 11, 1, 15), utc(2026, 10, 31, 14), 25),
        ("UTC", utc(2026, 3, 29, 9), utc(2026, 3, 28, 9), 24),
    ],
)
def test_the_day_before_reminder_keeps_the_local_time_across_a_clock_change(
    zone, starts_at, day_before, hours_ahead
):
    due = reminder_times(starts_at=starts_at, time_zone=zone)
    assert due["remind_24h_at"] == day_before
    assert starts_at - due["remind_24h_at"] == timedelta(hours=hours_ahead)
    assert due["remind_2h_at"] == starts_at - timedelta(hours=2)


def due(now, kind=None):
    return set(Session.objects.due_for_reminder(now, kind))


def test_a_session_is_due_for_its_day_before_reminder_from_that_moment_on():
    session = SessionFactory(starts_at=utc(2026, 5, 5, 7))
    assert due(utc(2026, 5, 4, 6, 59)) == set()
    assert due(utc(2026, 5, 4, 7), DAY_BEFORE) == {session}
    # After an outage: still due, until the session starts.
    assert due(utc(2026, 5, 5, 4), DAY_BEFORE) == {session}
    assert due(utc(2026, 5, 5, 7)) == set()


@pytest.mark.parametrize(
    ("choice", "kinds"),
    [
        (Client.Reminders.DAY_BEFORE, {DAY_BEFORE}),
        (Client.Reminders.TWO_HOURS, {TWO_HOURS}),
        (Client.Reminders.BOTH, {DAY_BEFORE, TWO_HOURS}),
        (Client.Reminders.NONE, set()),
    ],
)
def test_the_client_chooses_which_reminders_are_due(choice, kinds):
    session = SessionFactory(
        starts_at=utc(2026, 5, 5, 7), client=ClientFactory(reminders=choice)
    )
    day_before, two_hours = utc(2026, 5, 4, 8), utc(2026, 5, 5, 5, 30)
    assert (session in due(day_before, DAY_BEFORE)) == (DAY_BEFORE in kinds)
    assert (session in due(two_hours, TWO_HOURS)) == (TWO_HOURS in kinds)


def test_when_both_are_due_at_once_only_the_two_hour_reminder_is():
    session = SessionFactory(
        starts_at=utc(2026, 5, 5, 7),
        client=ClientFactory(reminders=Client.Reminders.BOTH),
    )
    late = utc(2026, 5, 5, 6)
    assert due(late, TWO_HOURS) == {session}
    assert due(late, DAY_BEFORE) == set()
    assert due(late) == {session}


def test_a_reminder_sent_for_this_schedule_is_not_due_again():
    session = SessionFactory(starts_at=utc(2026, 5, 5, 7), reminded_24h_sequence=0)
    assert due(utc(2026, 5, 4, 8)) == set()
    Session.objects.filter(pk=session.pk).update(sequence=1)
    assert due(utc(2026, 5, 4, 8)) == {session}


@pytest.mark.parametrize(
    "change",
    [
        {"status": Session.Status.CANCELLED, "cancelled_at": utc(2026, 5, 1)},
        {"client__is_active": False},
        {"client__email": ""},
    ],
    ids=["cancelled", "archived client", "client without email"],
)
def test_no_reminder_is_due_for(change):
    session = SessionFactory(starts_at=utc(2026, 5, 5, 7))
    client_fields = {k.split("__")[1]: v for k, v in change.items() if "__" in k}
    Client.objects.filter(pk=session.client_id).update(**client_fields)
    Session.objects.filter(pk=session.pk).update(
        **{k: v for k, v in change.items() if "__" not in k}
    )
    assert due(utc(2026, 5, 4, 8)) == set()


def test_a_session_must_end_after_it_starts_even_past_the_forms():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(starts_at=utc(2026, 5, 5, 7), ends_at=utc(2026, 5, 5, 6, 59))


def test_a_series_reads_as_its_rule():
    series = Series(weekdays=[3, 0], weeks=8, first_date=date(2026, 3, 2))
    assert str(series) == "Mondays and Thursdays for 8 weeks from 2 March 2026"
