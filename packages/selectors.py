"""Reads of the packages app: a client's ledger and balance, the same for the client,
their trainer and the owner."""

from django.conf import settings
from django.db.models import QuerySet

from clients.models import Client
from packages.models import Checkout, CreditEntry, Package, Payment


def ledger_for_client(*, client: Client) -> QuerySet[CreditEntry]:
    return CreditEntry.objects.filter(client=client).select_related(
        "session", "payment__package"
    )


def open_disputes_for_client(*, client: Client) -> QuerySet[Payment]:
    """The client's payments whose money a dispute withholds, for the trainer."""
    return Payment.objects.filter(
        client=client, dispute_status__in=Payment.DISPUTE_HOLDS
    ).select_related("package")


def credit_balance(*, client: Client) -> int:
    """The client's credits: the sum of the ledger."""
    return CreditEntry.objects.filter(client=client).balance()


def packages_on_sale() -> QuerySet[Package]:
    return Package.objects.filter(is_active=True)


def checkout_for_client(*, client: Client, stripe_id: str) -> Checkout | None:
    """The client's own Checkout by Stripe's id; another's is none."""
    return (
        Checkout.objects.filter(client=client, stripe_id=stripe_id)
        .select_related("package")
        .first()
    )


def stripe_enabled() -> bool:
    """Online payment is on when the keys are in the environment (both or neither:
    the settings refuse one without the other)."""
    return bool(settings.STRIPE_SECRET_KEY)
