"""Stripe without the network: its documented responses replayed, and webhook events
signed here by the scheme Stripe signs them with."""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import stripe

SECRET_KEY = "sk_test_51Example"
WEBHOOK_SECRET = "whsec_test_example"
CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_a1b2c3"


def checkout_session(**changes) -> dict:
    """A Checkout Session as Stripe's API reference documents it (the fields this
    site reads, and those around them), open and unpaid as a create returns it."""
    session = {
        "id": "cs_test_a1b2c3",
        "object": "checkout.session",
        "amount_subtotal": 45000,
        "amount_total": 45000,
        "cancel_url": "https://coach.example.com/my/credits/",
        "client_reference_id": "1",
        "created": 1798272000,
        "currency": "gbp",
        "customer": None,
        "customer_email": "client@example.com",
        "expires_at": 1798275600,
        "livemode": False,
        "metadata": {},
        "mode": "payment",
        "payment_intent": None,
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "status": "open",
        "success_url": "https://coach.example.com/my/credits/paid/?session_id={CHECKOUT_SESSION_ID}",
        "url": CHECKOUT_URL,
    }
    session.update(changes)
    return session


class ReplayClient(stripe.HTTPClient):
    """An HTTP client for the stripe library that sends nothing: it keeps each
    request and answers with the next of the responses it was given."""

    name = "replay"

    def __init__(self, *responses: tuple[int, dict]):
        super().__init__()
        self.responses = list(responses)
        self.requests: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.requests.append(
            {
                "method": method,
                "url": url,
                "headers": dict(headers or {}),
                "form": parse_qs(post_data or ""),
            }
        )
        status, body = self.responses.pop(0)
        return json.dumps(body), status, {"Request-Id": f"req_{len(self.requests)}"}

    def close(self):
        pass


INVALID_REQUEST = (
    400,
    {
        "error": {
            "type": "invalid_request_error",
            "message": "Invalid currency: xyz.",
            "param": "line_items[0][price_data][currency]",
        }
    },
)


def event(type_: str, obj: dict, *, event_id: str = "evt_1") -> dict:
    """A webhook event as Stripe delivers it."""
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": type_,
    }


def signature(payload: str, *, secret: str = WEBHOOK_SECRET, at: int | None = None):
    """Stripe's scheme: t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<payload>">."""
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256)
    return f"t={at},v1={mac.hexdigest()}"


def charge(*, payment_intent: str, amount: int, refunded: int) -> dict:
    return {
        "id": "ch_3Example",
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "currency": "gbp",
        "payment_intent": payment_intent,
        "refunded": refunded >= amount,
        "status": "succeeded",
    }


def dispute(*, payment_intent: str, status: str, amount: int = 45000) -> dict:
    return {
        "id": "dp_1Example",
        "object": "dispute",
        "amount": amount,
        "charge": "ch_3Example",
        "currency": "gbp",
        "payment_intent": payment_intent,
        "reason": "fraudulent",
        "status": status,
    }
