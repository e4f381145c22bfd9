"""A client's own sessions: booked, moved and cancelled within the trainer's rules;
a late cancel waived; a whole day cancelled."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from booking.models import Booking, SessionBooking
from booking.services import (
    NEEDS_REASON,
    NOT_BOOKABLE,
    SlotTaken,
    booking_confirm,
    booking_hold,
    day_cancel,
    late_cancel_waive,
    session_book,
    session_cancel_by_client,
    session_move,
)
from booking.views import SESSION_BOOKED, SESSION_CANCELLED_LATE
from scheduling.models import Session
from scheduling.services import session_schedule
from tests.factories import ClientWithLoginFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

TEN = datetime(2027, 1, 5, 10, tzinfo=UTC)  # Tuesday, 10:00 in London


@pytest.fixture
def training(consultation):
    """A 60-minute training type of the same trainer, 15 minutes kept after it,
    cancel notice 24 hours."""
    return SessionTypeFactory(
        trainer=consultation.trainer,
        name="Training",
        kind="training",
        minutes=60,
        buffer_after=15,
        step=30,
        notice_hours=1,
        cancel_notice_hours=24,
    )


@pytest.fixture
def member(consultation):
    return ClientWithLoginFactory(trainer=consultation.trainer)


def test_a_client_books_a_free_slot_through_the_scheduling_service(
    training, member, consultation, now
):
    session = session_book(client=member, session_type=training, starts_at=TEN)
    assert session.ends_at == TEN + timedelta(hours=60 / 60)
    assert session.focus == "Training"
    assert session.booking.booked_by_client
    assert session_book(client=member, session_type=training, starts_at=TEN) == session
    assert Session.objects.count() == 1
    # Its buffer keeps 11:00 free for a consultation; 11:15 is not on the grid.
    with pytest.raises(SlotTaken):
        booking_hold(
            session_type=consultation,
            starts_at=TEN + timedelta(hours=1),
            first_name="V",
            email="v@example.com",
            goals="x",
            consent=True,
        )
    other = ClientWithLoginFactory(trainer=consultation.trainer)
    with pytest.raises(SlotTaken):
        session_book(
            client=other, session_type=training, starts_at=TEN + timedelta(minutes=30)
        )


def test_a_client_cannot_book_another_trainers_type(training, now):
    stranger = ClientWithLoginFactory()
    with pytest.raises(ValidationError) as refused:
        session_book(client=stranger, session_type=training, starts_at=TEN)
    assert refused.value.messages == [NOT_BOOKABLE]


def test_a_visitors_consultation_blocks_a_clients_booking(
    training, member, consultation, now
):
    booking_confirm(
        booking=booking_hold(
            session_type=consultation,
            starts_at=TEN + timedelta(minutes=30),
            first_name="V",
            email="v@example.com",
            goals="x",
            consent=True,
        )
    )
    with pytest.raises(SlotTaken):
        session_book(client=member, session_type=training, starts_at=TEN)


def test_moving_in_good_time_and_too_late(training, member, now):
    session = session_book(client=member, session_type=training, starts_at=TEN)
    moved = session_move(session=session, starts_at=TEN + timedelta(hours=3))
    assert moved.starts_at == TEN + timedelta(hours=3)
    assert moved.focus == "Training"
    late = now + timedelta(hours=20)  # 5 h before it starts, inside the 24 h notice
    with pytest.raises(ValidationError):
        session_move(session=moved, starts_at=TEN + timedelta(hours=5), now=late)


def test_a_cancel_in_good_time_costs_nothing_and_a_late_one_is_recorded(
    training, member, now
):
    early = session_book(client=member, session_type=training, starts_at=TEN)
    assert not session_cancel_by_client(session=early).cancelled_late
    late = session_book(client=member, session_type=training, starts_at=TEN)
    booking = session_cancel_by_client(session=late, now=TEN - timedelta(hours=2))
    assert booking.cancelled_late
    assert booking.costs


def test_the_trainer_waives_a_late_cancel_with_a_reason(training, member, now):
    session = session_book(client=member, session_type=training, starts_at=TEN)
    session_cancel_by_client(session=session, now=TEN - timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        late_cancel_waive(session=session, reason="  ")
    assert refused.value.message_dict == {"reason": [NEEDS_REASON]}
    booking = late_cancel_waive(session=session, reason="Ill, with a note")
    assert not booking.costs
    assert booking.waived_reason == "Ill, with a note"


def test_the_trainer_cancels_a_whole_day_and_everyone_is_told(
    training, member, consultation, now, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = consultation.trainer
    booked = session_book(client=member, session_type=training, starts_at=TEN)
    by_hand = session_schedule(
        client=member,
        day=date(2027, 1, 5),
        start_time=time(15),
        duration=timedelta(hours=1),
        now=now,
    )
    visitor = booking_confirm(
        booking=booking_hold(
            session_type=consultation,
            starts_at=TEN + timedelta(hours=3),
            first_name="V",
            email="v@example.com",
            goals="x",
            consent=True,
        )
    )
    next_day = session_book(
        client=member, session_type=training, starts_at=TEN + timedelta(days=1)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = day_cancel(trainer=trainer, day=date(2027, 1, 5), reason="I am ill")
    assert count == 3
    for session in (booked, by_hand):
        session.refresh_from_db()
        assert session.is_cancelled
        assert not session.booking.cancelled_late
    next_day.refresh_from_db()
    assert not next_day.is_cancelled
    visitor.refresh_from_db()
    assert visitor.status == Booking.Status.CANCELLED
    bodies = [m.body for m in mailoutbox]
    assert sum("I am ill" in body for body in bodies) == 2
    assert day_cancel(trainer=trainer, day=date(2027, 1, 5)) == 0


def test_the_client_pages(client, training, member, now):
    client.force_login(member.user)
    page = client.get(reverse("booking:my_book")).content.decode()
    at = int(TEN.timestamp())
    assert f'value="{at}"' in page
    response = client.post(
        reverse("booking:my_book"), {"type": training.pk, "at": str(at)}, follow=True
    )
    assert SESSION_BOOKED in response.content.decode()
    session = Session.objects.get()
    response = client.post(
        reverse("booking:my_book"), {"type": "nope", "at": "later"}, follow=True
    )
    assert Session.objects.count() == 1
    cancel = reverse("booking:my_session_cancel", kwargs={"pk": session.pk})
    with_time = client.get(cancel)
    assert with_time.status_code == 200
    response = client.post(cancel, follow=True)
    assert SessionBooking.objects.get().cancelled_late is False
    assert response.status_code == 200


def test_a_late_cancel_page_says_what_it_costs(client, training, member, now):
    session = session_book(
        client=member,
        session_type=training,
        starts_at=datetime(2027, 1, 4, 12, tzinfo=UTC),
    )
    client.force_login(member.user)
    cancel = reverse("booking:my_session_cancel", kwargs={"pk": session.pk})
    assert "counts as used" in client.get(cancel).content.decode()
    response = client.post(cancel, follow=True)
    assert SESSION_CANCELLED_LATE in response.content.decode()


def test_the_trainer_waives_and_cancels_a_day_from_the_pages(
    client, training, member, consultation, now
):
    session = session_book(
        client=member,
        session_type=training,
        starts_at=datetime(2027, 1, 4, 12, tzinfo=UTC),
    )
    session_cancel_by_client(session=session)
    client.force_login(consultation.trainer)
    waive = reverse("booking:session_waive", kwargs={"pk": session.pk})
    assert client.post(waive, {"reason": ""}).status_code == 200
    client.post(waive, {"reason": "First time"})
    assert SessionBooking.objects.get().waived_reason == "First time"
    other = session_book(client=member, session_type=training, starts_at=TEN)
    url = reverse("booking:availability_day_cancel")
    shown = client.get(url, {"day": "2027-01-05"}).content.decode()
    assert member.full_name in shown
    client.post(url, {"day": "2027-01-05", "reason": "Ill", "confirm": "1"})
    other.refresh_from_db()
    assert other.is_cancelled
    assert client.post(url, {"day": "1999-01-01", "confirm": "1"}).status_code == 200
