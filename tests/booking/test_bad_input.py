"""The issue's bad input for booking, where the other modules leave it: a client's
booking of a slot in the past, outside the hours, off the grid, beyond the horizon,
on top of the trainer's own session, or in the hour the clocks skip; a visitor's
move to such a slot; another client's session; a double-clicked Book. Each gets a
clear answer, and nothing is doubled or lost."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client as Browser
from django.urls import reverse

from booking.models import Booking, SessionBooking
from booking.services import (
    SLOT_TAKEN,
    SlotTaken,
    booking_confirm,
    booking_move,
    session_book,
)
from booking.views import SESSION_BOOKED
from packages.models import CreditEntry, Payment
from packages.selectors import credit_balance
from packages.services import payment_record
from scheduling.models import Session
from scheduling.services import session_schedule
from tests.booking.test_services import TEN, hold
from tests.factories import (
    ClientWithLoginFactory,
    PackageFactory,
    SessionTypeFactory,
    TrainerFactory,
    WeeklyHoursFactory,
)

pytestmark = pytest.mark.django_db

NOT_FREE = [
    pytest.param(datetime(2027, 1, 4, 7, tzinfo=UTC), id="in the past"),
    pytest.param(datetime(2027, 1, 4, 8, 30, tzinfo=UTC), id="inside the notice"),
    pytest.param(datetime(2027, 1, 5, 7, tzinfo=UTC), id="before the hours"),
    # A 60-minute session from 16:30 would end after the hours (a 30-minute
    # consultation would not: it fits until 17:00).
    pytest.param(datetime(2027, 1, 5, 17, tzinfo=UTC), id="at closing"),
    pytest.param(datetime(2027, 1, 5, 10, 10, tzinfo=UTC), id="off the grid"),
    pytest.param(datetime(2027, 3, 28, 10, tzinfo=UTC), id="beyond the horizon"),
]


@pytest.fixture
def training(consultation):
    return SessionTypeFactory(
        trainer=consultation.trainer,
        name="Training",
        kind="training",
        minutes=60,
        step=30,
        notice_hours=1,
        needs_credit=True,
    )


@pytest.fixture
def member(consultation):
    member = ClientWithLoginFactory(trainer=consultation.trainer)
    payment_record(client=member, package=PackageFactory(), method=Payment.Method.CASH)
    return member


@pytest.mark.parametrize(
    "at",
    [
        *NOT_FREE,
        pytest.param(datetime(2027, 1, 5, 16, 30, tzinfo=UTC), id="ends after"),
    ],
)
def test_a_client_cannot_book_a_slot_that_is_not_free(training, member, now, at):
    with pytest.raises(SlotTaken) as refused:
        session_book(client=member, session_type=training, starts_at=at)
    assert refused.value.messages == [SLOT_TAKEN]
    assert not Session.objects.exists()
    assert credit_balance(client=member) == 10


def test_a_client_cannot_book_on_top_of_the_trainers_own_session(training, member, now):
    session_schedule(
        client=ClientWithLoginFactory(trainer=member.trainer),
        day=date(2027, 1, 5),
        start_time=time(10, 30),
        duration=timedelta(hours=1),
        now=now,
    )
    with pytest.raises(SlotTaken) as refused:
        session_book(client=member, session_type=training, starts_at=TEN)
    assert refused.value.offered[0].starts_at == TEN + timedelta(hours=1.5)
    assert Session.objects.count() == 1
    assert credit_balance(client=member) == 10


@pytest.mark.parametrize("at", NOT_FREE)
def test_a_visitor_cannot_move_to_a_slot_that_is_not_free(consultation, now, at):
    booking = booking_confirm(booking=hold(consultation))
    with pytest.raises(SlotTaken):
        booking_move(booking=booking, starts_at=at)
    booking.refresh_from_db()
    assert booking.starts_at == TEN
    assert booking.consultation.scheduled_at == TEN


def test_no_slot_is_offered_or_taken_in_the_hour_the_clocks_skip(now):
    """In London the clocks skip 01:00 to 02:00 on 28 March 2027: the grid's 01:00
    and 01:30 do not exist, so 00:30 GMT is followed by 02:00 BST (01:00 UTC)."""
    trainer = TrainerFactory(time_zone="Europe/London")
    WeeklyHoursFactory(trainer=trainer, weekday=6, starts=time(0), ends=time(4))
    training = SessionTypeFactory(
        trainer=trainer,
        kind="training",
        minutes=30,
        step=30,
        notice_hours=0,
        horizon_days=90,
    )
    member = ClientWithLoginFactory(trainer=trainer)
    booked = [
        session_book(client=member, session_type=training, starts_at=at).starts_at
        for at in (
            datetime(2027, 3, 28, 0, 30, tzinfo=UTC),  # 00:30 GMT
            datetime(2027, 3, 28, 1, 0, tzinfo=UTC),  # 02:00 BST
        )
    ]
    assert booked[1] - booked[0] == timedelta(minutes=30)
    # 00:45 UTC is on no grid of the wall clock (it would be "01:45", which the
    # clocks skip): refused.
    with pytest.raises(SlotTaken):
        session_book(
            client=member,
            session_type=training,
            starts_at=datetime(2027, 3, 28, 0, 45, tzinfo=UTC),
        )
    assert Session.objects.count() == 2


def test_a_double_clicked_book_books_once_and_takes_one_credit(
    client, training, member, now
):
    client.force_login(member.user)
    post = {"type": training.pk, "at": str(int(TEN.timestamp()))}
    first = client.post(reverse("booking:my_book"), post, follow=True)
    second = client.post(reverse("booking:my_book"), post, follow=True)
    assert SESSION_BOOKED in first.content.decode()
    assert SESSION_BOOKED in second.content.decode()  # the same session, again
    assert Session.objects.count() == 1
    assert SessionBooking.objects.count() == 1
    assert CreditEntry.objects.filter(kind="used").count() == 1
    assert credit_balance(client=member) == 9


def test_a_post_naming_a_slot_that_is_not_free_says_so_and_books_nothing(
    client, training, member, now
):
    client.force_login(member.user)
    past = str(int(datetime(2027, 1, 4, 7, tzinfo=UTC).timestamp()))
    response = client.post(
        reverse("booking:my_book"), {"type": training.pk, "at": past}, follow=True
    )
    assert SLOT_TAKEN in response.content.decode()
    assert not Session.objects.exists()


def test_a_client_cannot_book_another_trainers_type_from_the_page(client, member, now):
    theirs = SessionTypeFactory(kind="training")
    client.force_login(member.user)
    response = client.post(
        reverse("booking:my_book"),
        {"type": theirs.pk, "at": str(int(TEN.timestamp()))},
        follow=True,
    )
    assert "Pick one of the free times." in response.content.decode()
    assert not Session.objects.exists()


def test_another_clients_session_is_a_404_to_move_or_cancel(training, member, now):
    theirs = session_book(
        client=ClientWithLoginFactory(trainer=member.trainer),
        session_type=SessionTypeFactory(
            trainer=member.trainer,
            kind="training",
            needs_credit=False,
            step=30,
            notice_hours=1,
        ),
        starts_at=TEN,
    )
    browser = Browser()
    browser.force_login(member.user)
    for name in ("booking:my_session_move", "booking:my_session_cancel"):
        url = reverse(name, kwargs={"pk": theirs.pk})
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"at": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_cancelled
    assert Booking.objects.count() == 0
