"""What Stripe's webhook reports, applied once each: the only way credits are bought
online, taken back by a refund, or held by a dispute.

Each event is handled in one transaction with the row that records its id, whose
uniqueness makes a replay (or Stripe's own retry) change nothing. What a payment has
lost to a refund or a dispute is reconciled, not added up: its credits taken back are
brought to what its state says, so events arriving twice, late or out of order still
leave the ledger right.
"""

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from packages.models import Checkout, CreditEntry, Payment, StripeEvent
from packages.services.checkout import from_minor_units
from packages.services.ledger import lock_client, payment_add

logger = logging.getLogger(__name__)

# Said in the webhook's answer and kept on the event's row.
DUPLICATE = "already handled"
IGNORED = "not an event this site acts on"
UNKNOWN_CHECKOUT = "no such Checkout here: nothing added"
UNKNOWN_PAYMENT = "no payment here for that charge: nothing changed"
AWAITING = "payment not complete yet: nothing added"
FAILED = "payment failed: nothing added"
PAID = "paid: credits added"
ALREADY_PAID = "already paid: nothing added"
CLOSED = "Checkout expired"

TAKEN_BACK_KINDS = [
    CreditEntry.Kind.REFUNDED,
    CreditEntry.Kind.DISPUTED,
    CreditEntry.Kind.REINSTATED,
]


def _checkout_paid(session: dict) -> str:
    """A Checkout paid (at once by card, or later by a delayed method): the payment
    and its credits, once per Checkout."""
    checkout = (
        Checkout.objects.select_for_update()
        .select_related("client", "package")
        .filter(stripe_id=session.get("id"))
        .first()
    )
    if checkout is None:
        return UNKNOWN_CHECKOUT
    if Payment.objects.filter(stripe_checkout_id=checkout.stripe_id).exists():
        return ALREADY_PAID
    payment_add(
        payment=Payment(
            client=checkout.client,
            package=checkout.package,
            amount=from_minor_units(session["amount_total"]),
            currency=str(session["currency"]).upper(),
            method=Payment.Method.ONLINE,
            stripe_checkout_id=checkout.stripe_id,
            stripe_payment_intent=session.get("payment_intent") or "",
        )
    )
    checkout.closed_at = timezone.now()
    checkout.save(update_fields=["closed_at", "updated_at"])
    return PAID


def checkout_completed(session: dict) -> str:
    if session.get("payment_status") not in {"paid", "no_payment_required"}:
        return AWAITING
    return _checkout_paid(session)


def checkout_async_failed(session: dict) -> str:
    Checkout.objects.filter(stripe_id=session.get("id"), closed_at=None).update(
        closed_at=timezone.now()
    )
    return FAILED


def checkout_expired(session: dict) -> str:
    Checkout.objects.filter(stripe_id=session.get("id"), closed_at=None).update(
        closed_at=timezone.now()
    )
    return CLOSED


def _payment_for(payment_intent: str | None) -> Payment | None:
    if not payment_intent:
        return None
    return (
        Payment.objects.select_for_update()
        .select_related("client", "package")
        .filter(stripe_payment_intent=payment_intent)
        .first()
    )


def credits_reconcile(*, payment: Payment) -> CreditEntry | None:
    """Bring the credits a payment has lost to what its state says: all of them while
    a dispute holds its money; else the share refunded (rounded down: a partial refund
    takes back whole credits only). Credits already expired are not taken twice.
    Taken back even when used: the balance then goes below zero and shows what is
    owed, and no booking takes a credit the client does not have."""
    lock_client(payment.client)
    entries = CreditEntry.objects.filter(payment=payment)
    sessions = payment.package.sessions
    if payment.is_held_by_dispute:
        target = sessions
    elif payment.amount > 0:
        target = int(sessions * payment.refunded / payment.amount)
    else:
        target = 0
    expired = -entries.filter(kind=CreditEntry.Kind.EXPIRED).balance()
    taken = -entries.filter(kind__in=TAKEN_BACK_KINDS).balance()
    change = taken - max(target - expired, 0)
    if change == 0:
        return None
    if change > 0:
        kind, reason = CreditEntry.Kind.REINSTATED, "The dispute was closed in favour"
    elif payment.is_held_by_dispute:
        kind = CreditEntry.Kind.DISPUTED
        reason = f"Payment disputed ({payment.dispute_reason or 'no reason given'})"
    else:
        kind = CreditEntry.Kind.REFUNDED
        reason = f"Refund of {payment.currency} {payment.refunded}"
    entry = CreditEntry(
        client=payment.client,
        kind=kind,
        change=change,
        payment=payment,
        reason=reason,
    )
    entry.full_clean()
    entry.save()
    return entry


def _outcome(entry: CreditEntry | None) -> str:
    if entry is None:
        return "credits unchanged"
    return f"credits {entry.change:+d} ({entry.get_kind_display().lower()})"


def charge_refunded(charge: dict) -> str:
    """A refund, whole or part, even one made after the credits were used."""
    payment = _payment_for(charge.get("payment_intent"))
    if payment is None:
        return UNKNOWN_PAYMENT
    refunded = from_minor_units(int(charge.get("amount_refunded") or 0))
    payment.refunded = max(payment.refunded, min(refunded, payment.amount))
    payment.save(update_fields=["refunded", "updated_at"])
    return _outcome(credits_reconcile(payment=payment))


def dispute_changed(dispute: dict) -> str:
    """A dispute opened, moved on or closed: recorded on the payment (the owner sees
    it in the admin), and the credits held while it withholds the money."""
    payment = _payment_for(dispute.get("payment_intent"))
    if payment is None:
        return UNKNOWN_PAYMENT
    payment.dispute_id = str(dispute.get("id") or "")[:255]
    payment.dispute_status = str(dispute.get("status") or "")[:30]
    payment.dispute_reason = str(dispute.get("reason") or "")[:60]
    payment.save(
        update_fields=["dispute_id", "dispute_status", "dispute_reason", "updated_at"]
    )
    return _outcome(credits_reconcile(payment=payment))


HANDLERS: dict[str, Callable[[dict], str]] = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_paid,
    "checkout.session.async_payment_failed": checkout_async_failed,
    "checkout.session.expired": checkout_expired,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_changed,
    "charge.dispute.updated": dispute_changed,
    "charge.dispute.closed": dispute_changed,
}


def stripe_event_handle(*, event: dict) -> str:
    """Apply one verified event, once: returns what was done, for the answer."""
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=str(event["id"]), type=str(event["type"])[:100]
            )
            handler = HANDLERS.get(record.type)
            outcome = IGNORED if handler is None else handler(event["data"]["object"])
            record.outcome = outcome
            record.save(update_fields=["outcome", "updated_at"])
    except IntegrityError:
        # The same event, handled already (or at this moment, by a retry that won).
        if not StripeEvent.objects.filter(event_id=str(event["id"])).exists():
            raise
        return DUPLICATE
    logger.info("Stripe %s %s: %s", event["type"], event["id"], outcome)
    return outcome
