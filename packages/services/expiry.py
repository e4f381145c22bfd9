"""Credits expire with the purchase that brought them: the unused credits of a
purchase past its package's validity are written off as one "expired" line."""

from datetime import datetime

from django.db import transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from packages.lots import Lot, unused_by_lot
from packages.models import CreditEntry, Payment
from packages.selectors import credit_balance
from packages.services.ledger import lock_client

# What makes a lot's size: the credits bought, less those a refund or a dispute took
# back (and gave back).
LOT_KINDS = [
    CreditEntry.Kind.BOUGHT,
    CreditEntry.Kind.REFUNDED,
    CreditEntry.Kind.DISPUTED,
    CreditEntry.Kind.REINSTATED,
]
SWEEP_BATCH = 500


def client_lots(*, client_id: int) -> list[Lot]:
    """The client's purchases as lots, in one query."""
    rows = (
        CreditEntry.objects.filter(client_id=client_id, payment__isnull=False)
        .values("payment_id")
        .annotate(
            size=Sum("change", filter=Q(kind__in=LOT_KINDS)),
            bought_at=Min("payment__created_at"),
        )
    )
    return [
        Lot(key=row["payment_id"], bought_at=row["bought_at"], size=row["size"] or 0)
        for row in rows
    ]


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y")


@transaction.atomic
def payment_credits_expire(*, payment: Payment, now: datetime) -> CreditEntry | None:
    """Write off what is left unused of ``payment``'s credits, once it is past its
    validity. Idempotent: a purchase is swept once, and its expiry is unique."""
    lock_client(payment.client)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.expiry_swept_at is not None or payment.expires_at > now:
        return None
    by_hand = CreditEntry.objects.filter(
        client_id=payment.client_id, kind=CreditEntry.Kind.ADJUSTED, change__gt=0
    ).balance()
    unused = unused_by_lot(
        client_lots(client_id=payment.client_id),
        balance=credit_balance(client=payment.client),
        by_hand=by_hand,
    ).get(payment.pk, 0)
    entry = None
    if unused > 0:
        entry = CreditEntry(
            client=payment.client,
            kind=CreditEntry.Kind.EXPIRED,
            change=-unused,
            payment=payment,
            reason=(
                f"{payment.package.name} paid {_day(payment.created_at)}, "
                f"valid until {_day(payment.expires_at)}"
            ),
        )
        entry.full_clean()
        entry.save()
    payment.expiry_swept_at = now
    payment.save(update_fields=["expiry_swept_at", "updated_at"])
    return entry


def credits_expire_due(*, now: datetime) -> int:
    """Expire the credits of every purchase past its validity (one batch; each
    purchase in a transaction of its own). Returns how many purchases were swept."""
    due = Payment.objects.due_for_expiry(now).select_related("client", "package")
    swept = 0
    for payment in due.order_by("expires_at", "pk")[:SWEEP_BATCH]:
        payment_credits_expire(payment=payment, now=now)
        swept += 1
    return swept
