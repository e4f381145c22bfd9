"""Every write of the packages app. Import from here: ``from packages.services import
credit_use``. The modules: ``ledger`` (payments by hand and the credit ledger),
``checkout`` (sending a client to Stripe Checkout), ``stripe_events`` (what Stripe's
webhook reports), ``expiry`` (credits past their purchase's validity)."""

from packages.selectors import credit_balance, stripe_enabled
from packages.services.checkout import (
    NOT_PAYABLE_ONLINE,
    ONLINE_OFF,
    STRIPE_DOWN,
    checkout_start,
    stripe_checkout_session_create,
)
from packages.services.expiry import credits_expire_due, payment_credits_expire
from packages.services.ledger import (
    NEEDS_REASON,
    NO_CREDIT,
    NOT_ON_SALE,
    ZERO_CHANGE,
    credit_adjust,
    credit_forfeit,
    credit_return,
    credit_use,
    lock_client,
    payment_add,
    payment_record,
)
from packages.services.stripe_events import credits_reconcile, stripe_event_handle

__all__ = [
    "NEEDS_REASON",
    "NOT_ON_SALE",
    "NOT_PAYABLE_ONLINE",
    "NO_CREDIT",
    "ONLINE_OFF",
    "STRIPE_DOWN",
    "ZERO_CHANGE",
    "checkout_start",
    "credit_adjust",
    "credit_balance",
    "credit_forfeit",
    "credit_return",
    "credit_use",
    "credits_expire_due",
    "credits_reconcile",
    "lock_client",
    "payment_add",
    "payment_credits_expire",
    "payment_record",
    "stripe_checkout_session_create",
    "stripe_enabled",
    "stripe_event_handle",
]
