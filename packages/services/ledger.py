"""Every write of the packages app: payments recorded by hand and the credit ledger.
The ledger only grows; the balance is its sum."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from outbox.services import email_queue
from packages.models import CreditEntry, Package, Payment
from packages.selectors import credit_balance
from scheduling.models import Session

NO_CREDIT = "You have no session credit left: buy a package, or ask your coach."
NEEDS_REASON = "Say why the credits change."
NOT_ON_SALE = "That package is not on sale."
ZERO_CHANGE = "Change the credits by at least one."


def lock_client(client: Client) -> None:
    """Serialise the ledger writes of one client, so two bookings cannot both take
    the last credit."""
    list(Client.objects.select_for_update().filter(pk=client.pk).values_list("pk"))


@transaction.atomic
def payment_record(
    *,
    client: Client,
    package: Package,
    method: str,
    amount: Decimal | None = None,
    note: str = "",
    recorded_by: User | None = None,
) -> Payment:
    """Record money received by hand for ``package``: the client's credits grow by
    the package's sessions, and a receipt is emailed."""
    if not package.is_active:
        raise ValidationError({"package": NOT_ON_SALE})
    return payment_add(
        payment=Payment(
            client=client,
            package=package,
            amount=package.price if amount is None else amount,
            currency=package.currency,
            method=method,
            note=note,
            recorded_by=recorded_by,
        )
    )


@transaction.atomic
def payment_add(*, payment: Payment) -> Payment:
    """Save a payment received (by hand, or reported by Stripe's webhook), add its
    package's credits, valid for the package's days, and email the receipt. A
    package taken off sale after the client paid for it is still honoured."""
    client = payment.client
    payment.expires_at = timezone.now() + timedelta(days=payment.package.valid_days)
    payment.full_clean()
    payment.save()
    lock_client(client)
    entry = CreditEntry(
        client=client,
        kind=CreditEntry.Kind.BOUGHT,
        change=payment.package.sessions,
        payment=payment,
        created_by=payment.recorded_by,
    )
    entry.full_clean()
    entry.save()
    if client.email:
        email_queue(
            key=f"receipt:{payment.pk}",
            to=client.email,
            template="payment_receipt",
            context={
                "payment": payment,
                "client": client,
                "balance": credit_balance(client=client),
            },
        )
    return payment


@transaction.atomic
def credit_use(*, client: Client, session: Session) -> CreditEntry:
    """Take one credit for a booked session. Refused when the balance is not above
    zero (so a refund that left the client owing stops new bookings)."""
    lock_client(client)
    if credit_balance(client=client) < 1:
        raise ValidationError(NO_CREDIT)
    entry = CreditEntry(
        client=client, kind=CreditEntry.Kind.USED, change=-1, session=session
    )
    entry.full_clean()
    entry.save()
    return entry


def _used(session: Session) -> bool:
    """Whether the session holds a credit now (used and not yet given back)."""
    entries = CreditEntry.objects.filter(session=session)
    return entries.balance() < 0


@transaction.atomic
def credit_return(*, session: Session, reason: str = "", by: User | None = None):
    """Give back the credit a session took (a timely cancel, a cancelled day, a
    waived late cancel). Idempotent: a session gives back at most what it took."""
    lock_client(session.client)
    if not _used(session):
        return None
    entry = CreditEntry(
        client=session.client,
        kind=CreditEntry.Kind.RETURNED,
        change=1,
        session=session,
        reason=reason,
        created_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def credit_forfeit(*, session: Session):
    """Record that a late cancel or no-show keeps the credit the session took. The
    balance does not change: the credit stays used. Idempotent."""
    if (
        not _used(session)
        or CreditEntry.objects.filter(
            session=session, kind=CreditEntry.Kind.FORFEITED
        ).exists()
    ):
        return None
    entry = CreditEntry(
        client=session.client,
        kind=CreditEntry.Kind.FORFEITED,
        change=0,
        session=session,
    )
    entry.save()
    return entry


@transaction.atomic
def credit_adjust(*, client: Client, change: int, reason: str, by: User) -> CreditEntry:
    """Add or take credits by hand, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": NEEDS_REASON})
    if change == 0:
        raise ValidationError({"change": ZERO_CHANGE})
    lock_client(client)
    entry = CreditEntry(
        client=client,
        kind=CreditEntry.Kind.ADJUSTED,
        change=change,
        reason=reason.strip(),
        created_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry
