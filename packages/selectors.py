"""Reads of the packages app: a client's ledger and balance, the same for the client,
their trainer and the owner."""

from django.db.models import QuerySet

from clients.models import Client
from packages.models import CreditEntry, Package


def ledger_for_client(*, client: Client) -> QuerySet[CreditEntry]:
    return CreditEntry.objects.filter(client=client).select_related(
        "session", "payment__package"
    )


def credit_balance(*, client: Client) -> int:
    """The client's credits: the sum of the ledger."""
    return CreditEntry.objects.filter(client=client).balance()


def packages_on_sale() -> QuerySet[Package]:
    return Package.objects.filter(is_active=True)
