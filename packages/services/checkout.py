"""Buying a package online: a Stripe Checkout the client is sent to. Nothing is added
here: the credits come with the payment that Stripe's webhook reports
(``packages.services.stripe_events``). No card data ever reaches this site."""

import logging
from datetime import timedelta
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from packages.models import Checkout, Package
from packages.selectors import stripe_enabled
from packages.services.ledger import NOT_ON_SALE, lock_client

logger = logging.getLogger(__name__)

ONLINE_OFF = "Online payment is not set up: pay your coach by hand."
NOT_PAYABLE_ONLINE = "This package cannot be paid online: ask your coach."
STRIPE_DOWN = (
    "The payment page could not be opened just now: nothing was charged. "
    "Try again in a minute."
)
# A Checkout stays open this long (Stripe allows 30 minutes to a day); one opened
# again within it (a double click, the back button) is the same Checkout.
CHECKOUT_MINUTES = 60
REUSE_UNTIL = timedelta(minutes=10)  # not one about to close
# Stripe's smallest charge per currency (a package below it is paid by hand).
MINIMUM_CHARGE = {
    "GBP": Decimal("0.30"),
    "EUR": Decimal("0.50"),
    "USD": Decimal("0.50"),
}


def minor_units(amount: Decimal) -> int:
    """Pence or cents: each currency sold here has two decimals."""
    return int(amount * 100)


def from_minor_units(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def stripe_checkout_session_create(*, params: dict) -> stripe.checkout.Session:
    """The one exchange with Stripe's API: create a Checkout Session
    (POST /v1/checkout/sessions). It goes through ``stripe.default_http_client``,
    which the tests replace with one that replays Stripe's documented response."""
    return stripe.checkout.Session.create(
        api_key=settings.STRIPE_SECRET_KEY, max_network_retries=2, **params
    )


@transaction.atomic
def checkout_start(
    *, client: Client, package: Package, success_url: str, cancel_url: str
) -> Checkout:
    """The Checkout where ``client`` pays for ``package``: the one already open for
    them (a double click opens one, not two), or a new one from Stripe. The client's
    row is locked meanwhile, so two clicks at once wait for each other."""
    if not stripe_enabled():
        raise ValidationError(ONLINE_OFF)
    if not package.is_active:
        raise ValidationError({"package": NOT_ON_SALE})
    if package.price < MINIMUM_CHARGE.get(package.currency, Decimal("0.50")):
        raise ValidationError({"package": NOT_PAYABLE_ONLINE})
    lock_client(client)
    now = timezone.now()
    open_one = Checkout.objects.filter(
        client=client,
        package=package,
        amount=package.price,
        closed_at__isnull=True,
        expires_at__gt=now + REUSE_UNTIL,
    ).first()
    if open_one is not None:
        return open_one
    expires_at = now + timedelta(minutes=CHECKOUT_MINUTES)
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": package.currency.lower(),
                    "unit_amount": minor_units(package.price),
                    "product_data": {
                        "name": package.name,
                        "description": (
                            f"{package.sessions} session credits, "
                            f"valid for {package.valid_days} days"
                        ),
                    },
                },
            }
        ],
        "client_reference_id": str(client.pk),
        "metadata": {"client": str(client.pk), "package": str(package.pk)},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": int(expires_at.timestamp()),
    }
    if client.email:
        params["customer_email"] = client.email
    try:
        session = stripe_checkout_session_create(params=params)
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a Checkout for client %s: %s", client.pk, exc)
        raise ValidationError(STRIPE_DOWN) from exc
    checkout = Checkout(
        client=client,
        package=package,
        stripe_id=session.id,
        url=session.url,
        amount=package.price,
        currency=package.currency,
        expires_at=expires_at,
    )
    checkout.full_clean()
    checkout.save()
    return checkout
