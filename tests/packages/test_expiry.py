"""Credits expire with the purchase that brought them, oldest purchase used first:
the pure rule on random ledgers, and the beat sweep that writes the "expired" line."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from packages.lots import Lot, unused_by_lot
from packages.models import CreditEntry, Payment
from packages.services import (
    credit_adjust,
    credit_balance,
    credit_use,
    credits_expire_due,
    credits_reconcile,
    payment_record,
)
from packages.tasks import credits_expire_task
from tests.factories import ClientWithLoginFactory, PackageFactory, SessionFactory

DAY0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

# --- The rule -----------------------------------------------------------------------

lots_strategy = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 30)), max_size=8
).map(
    lambda rows: [
        Lot(key=i, bought_at=DAY0 + timedelta(days=day), size=size)
        for i, (day, size) in enumerate(rows)
    ]
)


@given(lots=lots_strategy, balance=st.integers(-50, 300), by_hand=st.integers(0, 20))
def test_fifo_invariants(lots, balance, by_hand):
    unused = unused_by_lot(lots, balance=balance, by_hand=by_hand)
    total = sum(lot.size for lot in lots)
    for lot in lots:
        assert 0 <= unused[lot.key] <= lot.size
    assert sum(unused.values()) == min(max(balance - by_hand, 0), total)
    ordered = sorted(lots, key=lambda lot: (lot.bought_at, lot.key))
    for older, newer in pairwise(ordered):
        if unused[older.key] > 0:
            assert unused[newer.key] == newer.size


@pytest.mark.parametrize(
    ("sizes", "by_hand", "balance", "expected"),
    [
        ([10, 5], 0, 12, [7, 5]),  # 3 used: from the older
        ([10, 5], 0, 5, [0, 5]),  # 10 used: the older is spent
        ([10, 5], 0, 20, [10, 5]),  # more than the lots (a returned credit): all kept
        ([10, 5], 3, 16, [8, 5]),  # 2 used, from the older, not from the 3 by hand
        ([10, 5], 3, 2, [0, 0]),  # 16 used: the lots first, then 1 of those by hand
        ([10, 5], 0, -2, [0, 0]),  # owed
        ([], 0, 3, []),
    ],
)
def test_fifo_cases(sizes, by_hand, balance, expected):
    lots = [
        Lot(key=i, bought_at=DAY0 + timedelta(days=i), size=s)
        for i, s in enumerate(sizes)
    ]
    unused = unused_by_lot(lots, balance=balance, by_hand=by_hand)
    assert [unused[i] for i in range(len(sizes))] == expected


# --- The sweep ----------------------------------------------------------------------


@pytest.fixture
def member(db):
    return ClientWithLoginFactory()


def _buy(member, *, sessions, valid_days, on):
    with time_machine.travel(on, tick=False):
        return payment_record(
            client=member,
            package=PackageFactory(sessions=sessions, valid_days=valid_days),
            method="cash",
        )


def _use(member, n, on):
    with time_machine.travel(on, tick=False):
        for _ in range(n):
            credit_use(client=member, session=SessionFactory(client=member))


def _sweep(on):
    with time_machine.travel(on, tick=False):
        return credits_expire_due(now=on)


@pytest.mark.django_db
def test_unused_credits_of_a_lapsed_purchase_expire_once(member, client):
    old = _buy(member, sessions=10, valid_days=30, on=DAY0)
    _buy(member, sessions=5, valid_days=90, on=DAY0 + timedelta(days=10))
    _use(member, 3, on=DAY0 + timedelta(days=20))
    assert _sweep(DAY0 + timedelta(days=29)) == 0  # not yet due
    assert _sweep(DAY0 + timedelta(days=30, minutes=1)) == 1
    assert credit_balance(client=member) == 5
    expired = CreditEntry.objects.get(kind=CreditEntry.Kind.EXPIRED)
    assert (expired.change, expired.payment) == (-7, old)
    assert expired.reason == "10 sessions paid 1 Mar 2027, valid until 31 Mar 2027"
    # Again, and again later: nothing more.
    assert _sweep(DAY0 + timedelta(days=31)) == 0
    assert CreditEntry.objects.filter(kind=CreditEntry.Kind.EXPIRED).count() == 1
    # Client and trainer see the same line.
    client.force_login(member.user)
    assert "Expired" in client.get(reverse("packages:my_credits")).content.decode()
    client.force_login(member.trainer)
    trainer_page = client.get(reverse("packages:client_credits", args=[member.pk]))
    assert "valid until 31 Mar 2027" in trainer_page.content.decode()


@pytest.mark.django_db
def test_the_oldest_purchase_is_used_first(member):
    first = _buy(member, sessions=10, valid_days=30, on=DAY0)
    second = _buy(member, sessions=10, valid_days=60, on=DAY0 + timedelta(days=5))
    _use(member, 12, on=DAY0 + timedelta(days=6))
    _sweep(DAY0 + timedelta(days=31))
    assert not CreditEntry.objects.filter(payment=first, kind="expired").exists()
    assert Payment.objects.get(pk=first.pk).expiry_swept_at is not None
    _sweep(DAY0 + timedelta(days=66))
    assert CreditEntry.objects.get(payment=second, kind="expired").change == -8
    assert credit_balance(client=member) == 0


@pytest.mark.django_db
def test_credits_added_by_hand_never_expire(member):
    _buy(member, sessions=2, valid_days=30, on=DAY0)
    with time_machine.travel(DAY0, tick=False):
        credit_adjust(client=member, change=3, reason="Goodwill", by=member.trainer)
    _use(member, 1, on=DAY0 + timedelta(days=1))
    _sweep(DAY0 + timedelta(days=40))
    assert credit_balance(client=member) == 3


@pytest.mark.django_db
def test_a_refund_after_expiry_does_not_take_the_credits_twice(member):
    payment = _buy(member, sessions=10, valid_days=30, on=DAY0)
    _use(member, 4, on=DAY0 + timedelta(days=1))
    _sweep(DAY0 + timedelta(days=31))
    assert credit_balance(client=member) == 0
    payment.refresh_from_db()
    payment.refunded = Decimal("450.00")
    payment.save()
    credits_reconcile(payment=payment)
    # The 6 expired are gone already; the 4 used are owed.
    assert credit_balance(client=member) == -4


@pytest.mark.django_db
def test_the_sweep_runs_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["credits-expiry-sweep"]
    assert entry["task"] == credits_expire_task.name
    assert credits_expire_task.delay().get() == 0
