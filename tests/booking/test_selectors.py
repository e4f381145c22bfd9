"""Free slots read from the database: everything that takes the trainer's time
counts, and a month of slots costs the same few queries with 1 or 500 sessions."""

from datetime import UTC, date, datetime, timedelta

import pytest

from booking.selectors import slots_free
from clients.models import Client
from scheduling.models import Session
from scheduling.services import session_schedule
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ConsultationFactory,
    TimeOffFactory,
)

pytestmark = pytest.mark.django_db


def _starts(session_type, day, now):
    return [
        s.starts_at
        for s in slots_free(
            session_type=session_type, first_day=day, last_day=day, now=now
        )
    ]


def test_a_session_a_booking_and_a_hand_scheduled_consultation_all_take_time(
    consultation, now
):
    trainer = consultation.trainer
    day = date(2027, 1, 5)
    client = ClientFactory(trainer=trainer)
    session_schedule(
        client=client,
        day=day,
        start_time=datetime.min.time().replace(hour=9),
        duration=timedelta(hours=1),
        now=now,
    )
    BookingFactory(
        session_type=consultation,
        starts_at=datetime(2027, 1, 5, 11, tzinfo=UTC),
        ends_at=datetime(2027, 1, 5, 11, 30, tzinfo=UTC),
    )
    ConsultationFactory(
        trainer=trainer,
        status="scheduled",
        scheduled_at=datetime(2027, 1, 5, 14, tzinfo=UTC),
    )
    starts = _starts(consultation, day, now)
    taken = [
        datetime(2027, 1, 5, h, m, tzinfo=UTC)
        for h, m in [(9, 0), (9, 30), (11, 0), (14, 0), (14, 30)]
    ]
    assert not set(taken) & set(starts)
    assert len(starts) == 16 - len(taken)


def test_a_lapsed_hold_and_a_cancelled_booking_free_their_time(consultation, now):
    at = datetime(2027, 1, 5, 11, tzinfo=UTC)
    BookingFactory(
        session_type=consultation,
        starts_at=at,
        ends_at=at + timedelta(minutes=30),
        hold_expires_at=now,
    )
    BookingFactory(
        session_type=consultation,
        starts_at=at,
        ends_at=at + timedelta(minutes=30),
        status="cancelled",
    )
    assert at in _starts(consultation, date(2027, 1, 5), now)


def test_another_trainers_sessions_do_not_count(consultation, now):
    other = ClientFactory()
    session_schedule(
        client=other,
        day=date(2027, 1, 5),
        start_time=datetime.min.time().replace(hour=9),
        duration=timedelta(hours=8),
        now=now,
    )
    assert len(_starts(consultation, date(2027, 1, 5), now)) == 16


def test_time_off_closes_the_days(consultation, now):
    TimeOffFactory(
        trainer=consultation.trainer,
        first_day=date(2027, 1, 5),
        last_day=date(2027, 1, 6),
    )
    found = slots_free(
        session_type=consultation,
        first_day=date(2027, 1, 5),
        last_day=date(2027, 1, 7),
        now=now,
    )
    assert {s.starts_at.date() for s in found} == {date(2027, 1, 7)}


def _sessions(trainer, count, now):
    """``count`` sessions of the trainer's clients over the next month (one INSERT:
    a fixture of many rows, not a booking)."""
    clients = ClientFactory.create_batch(5, trainer=trainer)
    sessions = []
    for n in range(count):
        session = Session(client=clients[n % 5], time_zone="Europe/London")
        starts_at = now + timedelta(hours=2 + (n * 30 * 24) // max(count, 1))
        session.set_times(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
        sessions.append(session)
    Session.objects.bulk_create(sessions)


@pytest.mark.parametrize("count", [1, 500])
def test_a_month_of_slots_costs_five_queries(
    consultation, now, count, django_assert_max_num_queries
):
    _sessions(consultation.trainer, count, now)
    trainer = Client.objects.first().trainer
    assert trainer == consultation.trainer
    with django_assert_max_num_queries(5):
        found = slots_free(
            session_type=consultation,
            first_day=date(2027, 1, 4),
            last_day=date(2027, 2, 3),
            now=now,
        )
    assert found
    busy = Session.objects.values_list("starts_at", "ends_at")
    assert not any(
        s < slot.ends_at and e > slot.starts_at for slot in found for s, e in busy
    )
