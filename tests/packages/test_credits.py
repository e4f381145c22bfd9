"""Packages and credits: an append-only ledger whose balance is derived, payments
recorded by hand, and bookings that take, return or forfeit a credit."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from booking.services import (
    day_cancel,
    late_cancel_waive,
    session_book,
    session_cancel_by_client,
)
from packages.models import CreditEntry, Package
from packages.services import (
    NEEDS_REASON,
    NO_CREDIT,
    credit_adjust,
    credit_balance,
    payment_record,
)
from tests.factories import ClientWithLoginFactory, PackageFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

TEN = datetime(2027, 1, 5, 10, tzinfo=UTC)


@pytest.fixture
def training(consultation):
    return SessionTypeFactory(
        trainer=consultation.trainer,
        name="Training",
        kind="training",
        minutes=60,
        step=60,
        notice_hours=1,
        cancel_notice_hours=24,
        needs_credit=True,
    )


@pytest.fixture
def member(consultation):
    return ClientWithLoginFactory(trainer=consultation.trainer)


def test_a_payment_by_hand_adds_the_credits_and_emails_a_receipt(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    package = PackageFactory(sessions=10, price=Decimal("450.00"))
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(client=member, package=package, method="cash")
    assert payment.amount == Decimal("450.00")
    assert credit_balance(client=member) == 10
    [receipt] = mailoutbox
    assert "GBP 450.00" in receipt.body
    assert "balance is now 10" in receipt.body


def test_a_negative_price_is_refused():
    with pytest.raises(ValidationError):
        Package(
            name="Bad", sessions=1, price=Decimal("-1"), currency="GBP"
        ).full_clean()


def test_booking_takes_a_credit_and_none_left_refuses(training, member, now):
    payment_record(client=member, package=PackageFactory(sessions=1), method="cash")
    session_book(client=member, session_type=training, starts_at=TEN)
    assert credit_balance(client=member) == 0
    with pytest.raises(ValidationError) as refused:
        session_book(
            client=member, session_type=training, starts_at=TEN + timedelta(hours=2)
        )
    assert refused.value.messages == [NO_CREDIT]
    assert member.sessions.count() == 1


def test_a_timely_cancel_returns_the_credit_and_a_late_one_forfeits_it(
    training, member, now
):
    payment_record(client=member, package=PackageFactory(sessions=2), method="cash")
    early = session_book(client=member, session_type=training, starts_at=TEN)
    session_cancel_by_client(session=early)
    assert credit_balance(client=member) == 2
    late = session_book(
        client=member,
        session_type=training,
        starts_at=datetime(2027, 1, 4, 12, tzinfo=UTC),
    )
    session_cancel_by_client(session=late)
    assert credit_balance(client=member) == 1
    kinds = list(
        CreditEntry.objects.filter(client=member).values_list("kind", flat=True)
    )
    assert "forfeited" in kinds
    late_cancel_waive(session=late, reason="First time")
    assert credit_balance(client=member) == 2


def test_a_cancelled_day_returns_every_credit(training, member, consultation, now):
    payment_record(client=member, package=PackageFactory(sessions=2), method="cash")
    session_book(client=member, session_type=training, starts_at=TEN)
    session_book(
        client=member, session_type=training, starts_at=TEN + timedelta(hours=2)
    )
    assert credit_balance(client=member) == 0
    day_cancel(trainer=consultation.trainer, day=TEN.date())
    assert credit_balance(client=member) == 2


def test_an_adjustment_needs_a_reason_and_the_ledger_only_grows(member):
    with pytest.raises(ValidationError) as refused:
        credit_adjust(client=member, change=3, reason=" ", by=member.trainer)
    assert refused.value.message_dict == {"reason": [NEEDS_REASON]}
    credit_adjust(client=member, change=3, reason="Gift", by=member.trainer)
    credit_adjust(client=member, change=-5, reason="Refund", by=member.trainer)
    assert credit_balance(client=member) == -2
    assert CreditEntry.objects.filter(client=member).count() == 2


def test_the_trainer_records_a_payment_and_both_see_the_same_ledger(client, member):
    package = PackageFactory(name="Ten pack")
    client.force_login(member.trainer)
    url = reverse("packages:client_payment", kwargs={"pk": member.pk})
    response = client.post(
        url, {"package": package.pk, "method": "transfer"}, follow=True
    )
    assert "Payment recorded" in response.content.decode()
    response = client.post(url, {"package": "999999", "method": "gold"})
    assert response.status_code == 200
    trainer_page = client.get(
        reverse("packages:client_credits", kwargs={"pk": member.pk})
    )
    assert "Ten pack" in trainer_page.content.decode()
    client.force_login(member.user)
    mine = client.get(reverse("packages:my_credits")).content.decode()
    assert "Ten pack" in mine
    assert "Balance: <strong>10 credits</strong>" in mine
    assert "recorded by hand" in mine


@pytest.mark.parametrize("entries", [1, 50])
def test_the_ledger_page_costs_the_same_queries(
    client, member, entries, django_assert_max_num_queries
):
    for n in range(entries):
        credit_adjust(client=member, change=1, reason=f"Gift {n}", by=member.trainer)
    client.force_login(member.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("packages:my_credits")).status_code == 200
