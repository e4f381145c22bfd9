"""A client buys a 10-session package on a 390 px phone: Buy is answered with the
redirect to Stripe Checkout, Stripe's page is a stand-in served by the test, Stripe's
webhook is posted by the test, signed as Stripe signs it, and back on the site the
client reads the 10 credits in the ledger."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
import stripe
from django.urls import reverse
from playwright.sync_api import expect

from packages.models import Payment
from packages.selectors import credit_balance
from tests.e2e.conftest import SCREENSHOT_DIR
from tests.factories import ClientWithLoginFactory, PackageFactory, TrainerFactory
from tests.packages.stripe_fixtures import (
    CHECKOUT_URL,
    SECRET_KEY,
    WEBHOOK_SECRET,
    ReplayClient,
    checkout_session,
    event,
    signature,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

STAND_IN = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Stripe Checkout (stand-in)</title></head><body>
<h1>Pay GBP 450.00</h1><a href="{back}">Pay</a></body></html>"""


def test_a_client_buys_ten_sessions_on_a_phone(visit, site, settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    stripe_api = ReplayClient((200, checkout_session()))
    monkeypatch.setattr(stripe, "default_http_client", stripe_api)
    ana = ClientWithLoginFactory(
        trainer=TrainerFactory(), first_name="Ana", email="ana@example.com"
    )
    PackageFactory(name="10 sessions", sessions=10, price=Decimal("450.00"))
    PackageFactory(name="5 sessions", sessions=5, price=Decimal("240.00"))
    page = visit.page
    page.set_viewport_size(PHONE)

    # Stripe's page, as far as this test goes. A browser's route sees only the first
    # request of a redirect, so the Buy form's is taken: the site answers it for real
    # (a 303 to Checkout), and the browser is shown a stand-in of Stripe's page whose
    # Pay link comes back the way Stripe does, to the success address the site gave.
    sent_to = []

    def stripe_page(route):
        answer = route.fetch(max_redirects=0)
        sent_to.append((answer.status, answer.headers.get("location")))
        back = stripe_api.requests[0]["form"]["success_url"][0]
        back = back.replace("{CHECKOUT_SESSION_ID}", "cs_test_a1b2c3")
        route.fulfill(content_type="text/html", body=STAND_IN.format(back=back))

    page.route("**/my/credits/buy/", stripe_page)

    visit.log_in("ana@example.com")
    visit.go(reverse("packages:my_credits"), "my credits")
    expect(page.get_by_text("Balance: 0 credits")).to_be_visible()
    assert visit.no_horizontal_scroll()

    page.get_by_role("button", name="Buy 10 sessions").click()
    expect(page.get_by_role("heading", name="Pay GBP 450.00")).to_be_visible()
    assert sent_to == [(303, CHECKOUT_URL)]
    assert credit_balance(client=ana) == 0  # nothing before Stripe says so

    # Stripe's webhook: the payment went through.
    paid = checkout_session(
        payment_status="paid", status="complete", payment_intent="pi_1"
    )
    payload = json.dumps(event("checkout.session.completed", paid, event_id="evt_1"))
    answer = page.request.post(
        f"{site}/stripe/webhook/",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": signature(payload),
        },
    )
    assert answer.status == 200, answer.text()

    page.get_by_role("link", name="Pay").click()
    expect(page.get_by_text("Paid: 10 credits added.")).to_be_visible()
    visit.checked("paid")
    expect(page.get_by_text("Balance: 10 credits")).to_be_visible()
    ledger = page.get_by_role("region", name="Credit ledger")
    expect(ledger.get_by_role("row").nth(1)).to_contain_text("Bought · 10 sessions")
    expect(ledger.get_by_role("row").nth(1)).to_contain_text("+10")
    assert visit.no_horizontal_scroll()
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=Path(SCREENSHOT_DIR) / "packages-buy-phone.png",
            full_page=True,
            caret="initial",
        )
    assert Payment.objects.get().method == Payment.Method.ONLINE
    assert len(stripe_api.requests) == 1
