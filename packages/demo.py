"""Demo packages: the two on the home page, and ten sessions paid in cash by
client@example.com, so their credits page has a ledger. Idempotent."""

from decimal import Decimal

from clients.models import Client
from packages.models import Package, Payment
from packages.services import payment_record

PACKAGES = [
    ("10 sessions", 10, Decimal("450.00"), 180),
    ("5 sessions", 5, Decimal("240.00"), 90),
]


def seed(*, options: dict, log) -> None:
    for name, sessions, price, valid_days in PACKAGES:
        Package.objects.get_or_create(
            name=name,
            defaults={"sessions": sessions, "price": price, "valid_days": valid_days},
        )
    client = Client.objects.filter(email="client@example.com").first()
    if client is None or Payment.objects.filter(client=client).exists():
        return
    payment_record(
        client=client,
        package=Package.objects.get(name="10 sessions"),
        method=Payment.Method.CASH,
        recorded_by=client.trainer,
    )
    log("Packages: 10 and 5 sessions; client@example.com bought 10")
