"""Buying a package online: the Checkout a client is sent to (Stripe's HTTP exchange
replayed from its documented response), and the webhook, whose events are signed here
by Stripe's scheme and verified by the stripe library itself, unmocked."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import stripe
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from packages.models import Checkout, CreditEntry, Package, Payment, StripeEvent
from packages.services import (
    NO_CREDIT,
    NOT_PAYABLE_ONLINE,
    ONLINE_OFF,
    STRIPE_DOWN,
    checkout_start,
    credit_balance,
    credit_use,
)
from packages.services.stripe_events import ALREADY_PAID, DUPLICATE, IGNORED
from tests.factories import (
    ClientWithLoginFactory,
    PackageFactory,
    SessionFactory,
    TrainerFactory,
)
from tests.packages.stripe_fixtures import (
    CHECKOUT_URL,
    INVALID_REQUEST,
    SECRET_KEY,
    WEBHOOK_SECRET,
    ReplayClient,
    charge,
    checkout_session,
    dispute,
    event,
    signature,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
WEBHOOK = "/stripe/webhook/"


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def keys(settings):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def stripe_api(monkeypatch):
    """Stripe's API, replayed: a create answers with the documented session."""
    replay = ReplayClient((200, checkout_session()))
    monkeypatch.setattr(stripe, "default_http_client", replay)
    return replay


@pytest.fixture
def member():
    return ClientWithLoginFactory(trainer=TrainerFactory(), email="ana@example.com")


@pytest.fixture
def ten():
    return PackageFactory(name="10 sessions", sessions=10, price=Decimal("450.00"))


def _checkout(member, ten, stripe_id="cs_test_a1b2c3") -> Checkout:
    return Checkout.objects.create(
        client=member,
        package=ten,
        stripe_id=stripe_id,
        url=CHECKOUT_URL,
        amount=ten.price,
        currency="GBP",
        expires_at=NOW + timedelta(hours=1),
    )


def post_event(client, body: dict | str, *, secret=WEBHOOK_SECRET, at=None, sign=True):
    payload = body if isinstance(body, str) else json.dumps(body)
    headers = {"HTTP_STRIPE_SIGNATURE": signature(payload, secret=secret, at=at)}
    return client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        **(headers if sign else {}),
    )


def paid(event_id="evt_paid", **changes):
    session = checkout_session(
        payment_status="paid", status="complete", payment_intent="pi_1", **changes
    )
    return event("checkout.session.completed", session, event_id=event_id)


# --- The Checkout -------------------------------------------------------------------


def test_checkout_sends_the_package_to_stripe_and_keeps_the_session(
    keys, stripe_api, member, ten
):
    checkout = checkout_start(
        client=member,
        package=ten,
        success_url="https://coach.example.com/my/credits/paid/?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://coach.example.com/my/credits/",
    )
    [sent] = stripe_api.requests
    assert sent["method"] == "post"
    assert sent["url"] == "https://api.stripe.com/v1/checkout/sessions"
    assert sent["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    form = sent["form"]
    assert form["mode"] == ["payment"]
    assert form["line_items[0][price_data][unit_amount]"] == ["45000"]
    assert form["line_items[0][price_data][currency]"] == ["gbp"]
    assert form["line_items[0][quantity]"] == ["1"]
    assert form["client_reference_id"] == [str(member.pk)]
    assert form["customer_email"] == ["ana@example.com"]
    assert form["expires_at"] == [str(int((NOW + timedelta(hours=1)).timestamp()))]
    assert not any("card" in key for key in form if key != "payment_method_types")
    assert checkout.stripe_id == "cs_test_a1b2c3"
    assert checkout.url == CHECKOUT_URL
    assert credit_balance(client=member) == 0  # nothing added before the webhook


def test_buy_redirects_to_checkout_and_a_double_click_opens_one(
    keys, stripe_api, member, ten, client
):
    client.force_login(member.user)
    first = client.post(reverse("packages:my_buy"), {"package": ten.pk})
    second = client.post(reverse("packages:my_buy"), {"package": ten.pk})
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == CHECKOUT_URL
    assert len(stripe_api.requests) == 1
    assert Checkout.objects.count() == 1
    success = stripe_api.requests[0]["form"]["success_url"][0]
    assert success.endswith("/my/credits/paid/?session_id={CHECKOUT_SESSION_ID}")


def test_without_keys_the_page_says_payments_are_by_hand(client, member, ten):
    client.force_login(member.user)
    page = client.get(reverse("packages:my_credits"))
    assert b"Payments are recorded by hand" in page.content
    assert b"Buy" not in page.content
    refused = client.post(reverse("packages:my_buy"), {"package": ten.pk}, follow=True)
    assert ONLINE_OFF in refused.content.decode()
    assert not Checkout.objects.exists()


def test_stripe_refusing_loses_nothing_and_says_so(
    keys, monkeypatch, member, ten, client
):
    monkeypatch.setattr(stripe, "default_http_client", ReplayClient(INVALID_REQUEST))
    client.force_login(member.user)
    answer = client.post(reverse("packages:my_buy"), {"package": ten.pk}, follow=True)
    assert STRIPE_DOWN in answer.content.decode()
    assert not Checkout.objects.exists()


def test_a_package_off_sale_or_unknown_or_too_cheap_is_refused(
    keys, stripe_api, member, client
):
    client.force_login(member.user)
    off = PackageFactory(is_active=False)
    for package_id in [off.pk, 999999, "x"]:
        answer = client.post(
            reverse("packages:my_buy"), {"package": package_id}, follow=True
        )
        assert "That package is not on sale." in answer.content.decode()
    with pytest.raises(ValidationError) as refused:
        checkout_start(
            client=member,
            package=PackageFactory(price=Decimal("0.10")),
            success_url="https://x.example/",
            cancel_url="https://x.example/",
        )
    assert refused.value.messages == [NOT_PAYABLE_ONLINE]
    assert not stripe_api.requests


def test_the_return_page_is_the_clients_own(keys, member, ten, client):
    _checkout(member, ten)
    other = ClientWithLoginFactory()
    client.force_login(other.user)
    done = reverse("packages:my_checkout_done")
    assert client.get(done, {"session_id": "cs_test_a1b2c3"}).status_code == 404
    client.force_login(member.user)
    waiting = client.get(done, {"session_id": "cs_test_a1b2c3"}, follow=True)
    assert "being confirmed" in waiting.content.decode()


# --- The content security policy ----------------------------------------------------


def test_checkout_is_allowed_by_the_policy_only_with_keys(client, member, settings):
    client.force_login(member.user)
    url = reverse("packages:my_credits")
    assert "checkout.stripe.com" not in client.get(url)["Content-Security-Policy"]
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    policy = client.get(url)["Content-Security-Policy"]
    assert "form-action 'self' https://checkout.stripe.com" in policy
    # Only the pages that offer to buy.
    assert "checkout.stripe.com" not in client.get("/")["Content-Security-Policy"]


# --- The webhook --------------------------------------------------------------------


def test_a_paid_checkout_adds_the_credits_once_with_a_receipt(
    keys, member, ten, client, mailoutbox, django_capture_on_commit_callbacks
):
    _checkout(member, ten)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_event(client, paid())
    assert answer.status_code == 200
    payment = Payment.objects.get()
    assert payment.method == Payment.Method.ONLINE
    assert payment.amount == Decimal("450.00")
    assert payment.stripe_payment_intent == "pi_1"
    assert payment.expires_at == NOW + timedelta(days=ten.valid_days)
    assert credit_balance(client=member) == 10
    [receipt] = mailoutbox
    assert "GBP 450.00 (online card payment)" in receipt.body
    # The same event again (a replay, or Stripe's retry), and another event for the
    # same Checkout: nothing doubled.
    assert post_event(client, paid()).json()["outcome"] == DUPLICATE
    again = paid(event_id="evt_other")
    again["type"] = "checkout.session.async_payment_succeeded"
    assert post_event(client, again).json()["outcome"] == ALREADY_PAID
    assert credit_balance(client=member) == 10
    assert Payment.objects.count() == 1
    # Back from Stripe, the client is told.
    client.force_login(member.user)
    back = client.get(
        reverse("packages:my_checkout_done"),
        {"session_id": "cs_test_a1b2c3"},
        follow=True,
    )
    assert "Paid: 10 credits added." in back.content.decode()


def test_a_payment_that_completes_later_adds_credits_only_when_it_succeeds(
    keys, member, ten, client
):
    _checkout(member, ten)
    _checkout(member, ten, stripe_id="cs_test_failed")
    pending = checkout_session(payment_status="unpaid", status="complete")
    post_event(client, event("checkout.session.completed", pending, event_id="e1"))
    failed = checkout_session(id="cs_test_failed", payment_status="unpaid")
    post_event(
        client, event("checkout.session.async_payment_failed", failed, event_id="e2")
    )
    assert credit_balance(client=member) == 0
    later = checkout_session(payment_status="paid", payment_intent="pi_1")
    post_event(
        client, event("checkout.session.async_payment_succeeded", later, event_id="e3")
    )
    assert credit_balance(client=member) == 10
    assert Checkout.objects.get(stripe_id="cs_test_failed").closed_at is not None


@pytest.mark.parametrize(
    "case",
    ["forged", "no signature", "stale", "not json", "a list", "no object", "odd data"],
)
def test_a_webhook_that_is_not_genuine_and_well_formed_is_refused(
    case, keys, member, ten, client
):
    _checkout(member, ten)
    body, options = paid(), {}
    if case == "forged":
        options = {"secret": "whsec_someone_else"}
    elif case == "no signature":
        options = {"sign": False}
    elif case == "stale":  # beyond the library's five minutes
        options = {"at": int(NOW.timestamp()) - 301}
    elif case == "not json":
        body = "{not json"
    elif case == "a list":
        body = json.dumps([paid()])
    elif case == "no object":
        body = {"id": "evt_x", "type": "checkout.session.completed", "data": {}}
    elif case == "odd data":
        body = {"id": "evt_x", "type": "checkout.session.completed", "data": [1]}
    answer = post_event(client, body, **options)
    assert answer.status_code == 400
    assert answer.json()["detail"]
    assert not Payment.objects.exists()
    assert not StripeEvent.objects.exists()


def test_a_webhook_within_the_tolerance_is_taken(keys, member, ten, client):
    _checkout(member, ten)
    assert post_event(client, paid(), at=int(NOW.timestamp()) - 299).status_code == 200
    assert credit_balance(client=member) == 10


def test_an_event_of_another_type_or_checkout_is_answered_and_changes_nothing(
    keys, member, client
):
    answer = post_event(client, event("customer.created", {"id": "cus_1"}))
    assert answer.status_code == 200
    assert answer.json()["outcome"] == IGNORED
    stranger = post_event(client, paid(event_id="evt_2", id="cs_not_ours"))
    assert stranger.status_code == 200
    assert not Payment.objects.exists()
    assert StripeEvent.objects.count() == 2


def test_without_keys_the_webhook_refuses(member, client):
    assert post_event(client, paid()).status_code == 400
    assert client.get(WEBHOOK).status_code == 405


# --- Refunds and disputes -----------------------------------------------------------


@pytest.fixture
def bought(keys, member, ten, client):
    _checkout(member, ten)
    post_event(client, paid())
    return Payment.objects.get()


def _use(member, n):
    for _ in range(n):
        credit_use(client=member, session=SessionFactory(client=member))


def test_a_refund_after_use_leaves_the_client_owing_and_unable_to_book(
    bought, member, client
):
    _use(member, 3)
    refund = charge(payment_intent="pi_1", amount=45000, refunded=45000)
    post_event(client, event("charge.refunded", refund, event_id="evt_r"))
    assert credit_balance(client=member) == -3
    entry = CreditEntry.objects.get(kind=CreditEntry.Kind.REFUNDED)
    assert entry.change == -10
    assert entry.reason == "Refund of GBP 450.00"
    with pytest.raises(ValidationError) as refused:
        credit_use(client=member, session=SessionFactory(client=member))
    assert refused.value.messages == [NO_CREDIT]
    client.force_login(member.user)
    page = client.get(reverse("packages:my_credits")).content.decode()
    assert "owed" in page
    assert "Taken back (refunded)" in page


def test_partial_refunds_take_back_whole_credits_up_to_the_package(
    bought, member, client
):
    half = charge(payment_intent="pi_1", amount=45000, refunded=22500)
    post_event(client, event("charge.refunded", half, event_id="evt_half"))
    assert credit_balance(client=member) == 5
    # The same refund told again under another id changes nothing.
    post_event(client, event("charge.refunded", half, event_id="evt_half_again"))
    assert credit_balance(client=member) == 5
    whole = charge(payment_intent="pi_1", amount=45000, refunded=45000)
    post_event(client, event("charge.refunded", whole, event_id="evt_whole"))
    assert credit_balance(client=member) == 0
    assert Payment.objects.get().refunded == Decimal("450.00")


def test_a_dispute_holds_the_credits_until_it_is_won(bought, member, client, world):
    _use(member, 2)
    opened = dispute(payment_intent="pi_1", status="needs_response")
    post_event(client, event("charge.dispute.created", opened, event_id="evt_d1"))
    assert credit_balance(client=member) == -2
    payment = Payment.objects.get()
    assert payment.dispute_status == "needs_response"
    assert payment.dispute_reason == "fraudulent"
    # The trainer is told on the client's page; the owner finds it in the admin.
    client.force_login(member.trainer)
    page = client.get(reverse("packages:client_credits", args=[member.pk]))
    assert "disputed the payment of GBP 450.00" in page.content.decode()
    client.force_login(world.admin)
    admin_list = client.get(
        reverse("admin:packages_payment_changelist"),
        {"dispute_status": "needs_response"},
    )
    assert "needs_response" in admin_list.content.decode()
    won = dispute(payment_intent="pi_1", status="won")
    post_event(client, event("charge.dispute.closed", won, event_id="evt_d2"))
    assert credit_balance(client=member) == 8
    kinds = list(
        CreditEntry.objects.filter(payment=payment)
        .order_by("pk")
        .values_list("kind", "change")
    )
    assert kinds == [("bought", 10), ("disputed", -10), ("reinstated", 10)]


def test_a_lost_dispute_keeps_the_credits_taken(bought, member, client):
    for n, status in enumerate(["needs_response", "under_review", "lost"]):
        body = dispute(payment_intent="pi_1", status=status)
        post_event(client, event("charge.dispute.updated", body, event_id=f"evt_{n}"))
    assert credit_balance(client=member) == 0
    assert CreditEntry.objects.filter(kind="disputed").count() == 1


def test_an_inquiry_holds_nothing(bought, member, client):
    inquiry = dispute(payment_intent="pi_1", status="warning_needs_response")
    post_event(client, event("charge.dispute.created", inquiry, event_id="evt_w"))
    assert credit_balance(client=member) == 10
    assert Payment.objects.get().dispute_status == "warning_needs_response"


def test_the_owner_cannot_put_a_negative_price_on_a_package(client, world):
    client.force_login(world.admin)
    answer = client.post(
        reverse("admin:packages_package_add"),
        {
            "name": "Refund me",
            "sessions": 5,
            "price": "-10.00",
            "currency": "GBP",
            "valid_days": 90,
            "is_active": "on",
        },
    )
    assert answer.status_code == 200
    assert "A price cannot be negative." in answer.content.decode()
    assert not Package.objects.filter(name="Refund me").exists()
