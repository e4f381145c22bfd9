"""The visitor's booking: held, confirmed by email into the consultation the owner
manages, moved, cancelled; and every refusal says why and writes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from booking.models import Booking
from booking.services import (
    BOOKING_CANCELLED,
    HOLD_LAPSED,
    HOLDS_PER_EMAIL,
    HOLDS_PER_VISITOR,
    NEEDS_CONSENT,
    SLOT_TAKEN,
    SlotTaken,
    booking_cancel,
    booking_confirm,
    booking_hold,
    booking_move,
)
from clients.models import Consultation
from outbox.models import Email

pytestmark = pytest.mark.django_db

TEN = datetime(2027, 1, 5, 10, tzinfo=UTC)  # 10:00 in London, a Tuesday


def hold(session_type, at=TEN, email="ada@example.com", **extra):
    return booking_hold(
        session_type=session_type,
        starts_at=at,
        first_name="Ada",
        email=email,
        goals="Deadlift <b>pain-free</b>",
        consent=True,
        time_zone="America/New_York",
        **extra,
    )


def test_a_hold_takes_the_slot_and_emails_a_link_to_confirm(
    consultation, now, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = hold(consultation)
    assert booking.status == Booking.Status.HELD
    assert booking.hold_expires_at == now + timedelta(minutes=10)
    assert booking.ends_at == TEN + timedelta(minutes=30)
    [message] = mailoutbox
    assert booking.token in message.body
    assert "05:00" in message.body  # 10:00 in London is 05:00 in New York
    with pytest.raises(SlotTaken) as taken:
        hold(consultation, email="bob@example.com")
    assert taken.value.messages == [SLOT_TAKEN]
    assert [s.starts_at for s in taken.value.offered] == [
        TEN + timedelta(minutes=30),
        TEN + timedelta(minutes=60),
        TEN + timedelta(minutes=90),
    ]


def test_a_double_click_holds_once_and_sends_once(consultation, now):
    first = hold(consultation)
    assert hold(consultation) == first
    assert Booking.objects.count() == 1
    assert Email.objects.count() == 1


def test_holds_are_limited_per_email_and_per_visitor(consultation, now):
    hold(consultation)
    with pytest.raises(ValidationError) as refused:
        hold(consultation, at=TEN + timedelta(hours=1))
    assert refused.value.messages == [HOLDS_PER_EMAIL]
    hold(consultation, at=TEN + timedelta(hours=2), email="b@example.com", visitor="v")
    hold(consultation, at=TEN + timedelta(hours=3), email="c@example.com", visitor="v")
    with pytest.raises(ValidationError) as refused:
        hold(
            consultation,
            at=TEN + timedelta(hours=4),
            email="d@example.com",
            visitor="v",
        )
    assert refused.value.messages == [HOLDS_PER_VISITOR]
    assert Booking.objects.count() == 3


@pytest.mark.parametrize(
    "at",
    [
        datetime(2027, 1, 4, 7, tzinfo=UTC),  # in the past
        datetime(2027, 1, 4, 8, 30, tzinfo=UTC),  # inside the hour of notice
        datetime(2027, 1, 5, 7, tzinfo=UTC),  # before the hours
        datetime(2027, 1, 5, 16, 45, tzinfo=UTC),  # would end after them
        datetime(2027, 1, 5, 10, 10, tzinfo=UTC),  # off the grid
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # beyond the 60-day horizon
    ],
)
def test_a_slot_that_is_not_free_is_refused(consultation, now, at):
    with pytest.raises(SlotTaken):
        hold(consultation, at=at)
    assert not Booking.objects.exists()


def test_no_consent_no_hold(consultation, now):
    with pytest.raises(ValidationError) as refused:
        booking_hold(
            session_type=consultation,
            starts_at=TEN,
            first_name="Ada",
            email="ada@example.com",
            goals="Squat",
            consent=False,
        )
    assert refused.value.message_dict == {"consent": [NEEDS_CONSENT]}


def test_confirming_makes_the_consultation_with_a_calendar_file_and_tells_the_trainer(
    consultation, now, django_capture_on_commit_callbacks, mailoutbox
):
    booking = hold(consultation)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_confirm(booking=booking)
        assert booking_confirm(booking=booking) == booking  # idempotent
    consultation_row = booking.consultation
    assert consultation_row.status == Consultation.Status.SCHEDULED
    assert consultation_row.scheduled_at == TEN
    assert consultation_row.trainer == consultation.trainer
    assert consultation_row.goals == "Deadlift <b>pain-free</b>"
    visitor, trainer = mailoutbox
    assert visitor.to == ["ada@example.com"]
    [(filename, content, _mimetype)] = visitor.attachments
    assert filename == "consultation.ics"
    assert "DTSTART" in (content.decode() if isinstance(content, bytes) else content)
    assert f"/book/{booking.token}/move/" in visitor.body
    assert f"/book/{booking.token}/cancel/" in visitor.body
    assert trainer.to == [consultation.trainer.email]


def test_a_lapsed_hold_confirms_if_its_time_is_still_free(consultation, now):
    booking = hold(consultation)
    later = now + timedelta(minutes=30)
    assert booking_confirm(booking=booking, now=later).status == "confirmed"


def test_a_lapsed_hold_whose_time_went_to_another_is_refused(consultation, now):
    booking = hold(consultation)
    later = now + timedelta(minutes=30)
    booking_hold(
        session_type=consultation,
        starts_at=TEN,
        first_name="Bob",
        email="bob@example.com",
        goals="Squat",
        consent=True,
        now=later,
    )
    with pytest.raises(SlotTaken) as refused:
        booking_confirm(booking=booking, now=later)
    assert refused.value.messages == [HOLD_LAPSED]
    assert refused.value.offered
    assert not Consultation.objects.exists()


def test_moving_moves_the_consultation_and_refuses_a_taken_time(consultation, now):
    booking = booking_confirm(booking=hold(consultation))
    other = hold(consultation, at=TEN + timedelta(hours=2), email="bob@example.com")
    with pytest.raises(SlotTaken):
        booking_move(booking=booking, starts_at=other.starts_at)
    moved = booking_move(booking=booking, starts_at=TEN + timedelta(hours=1))
    assert moved.starts_at == TEN + timedelta(hours=1)
    moved.consultation.refresh_from_db()
    assert moved.consultation.scheduled_at == TEN + timedelta(hours=1)
    # Its old time is free again; moving within its own time (30 min later) works.
    assert booking_move(booking=moved, starts_at=TEN + timedelta(hours=1, minutes=30))


def test_cancelling_frees_the_time_declines_the_consultation_and_tells_both(
    consultation, now, django_capture_on_commit_callbacks, mailoutbox
):
    booking = booking_confirm(booking=hold(consultation))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_cancel(booking=booking)
        booking_cancel(booking=booking)  # idempotent
    assert booking.consultation.status == Consultation.Status.DECLINED
    assert len(mailoutbox) == 2
    assert hold(consultation, email="bob@example.com").starts_at == TEN
    with pytest.raises(ValidationError) as refused:
        booking_confirm(booking=booking)
    assert refused.value.messages == [BOOKING_CANCELLED]
