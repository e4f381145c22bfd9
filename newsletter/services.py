"""Newsletter sign-ups, with double opt-in, and every email sent to subscribers."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from core.emails import email_canonical
from newsletter.models import Subscriber
from newsletter.tokens import confirm_url, unsubscribe_url
from outbox.models import Email
from outbox.services import (
    absolute_url,
    address_resubscribe,
    address_unsubscribe,
    email_queue,
)

# Signing up again while pending resends the link, at most this often: a double
# click, or someone typing another person's address again and again, sends one email.
RESEND_AFTER = timedelta(minutes=10)


def subscriber_email_queue(
    *,
    subscriber: Subscriber,
    key: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> Email:
    """Queue an email to a subscriber, with an unsubscribe link in its body and the
    ``List-Unsubscribe`` one-click headers of RFC 8058. Idempotent per ``key``."""
    url = unsubscribe_url(subscriber=subscriber)
    return email_queue(
        key=key,
        to=subscriber.email,
        template=template,
        context={"subscriber": subscriber, "unsubscribe_url": url, **(context or {})},
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _locked(email: str) -> Subscriber | None:
    return Subscriber.objects.select_for_update().filter(email=email).first()


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


@transaction.atomic
def subscriber_subscribe(
    *,
    email: str,
    first_name: str = "",
    source: str = "",
    now: datetime | None = None,
) -> Subscriber:
    """Sign up ``email``: a new or unsubscribed address becomes pending and is sent a
    confirmation link; a pending one is sent the link again (at most every
    ``RESEND_AFTER``); a confirmed one is left as it is.

    The outcome looks the same from outside whatever the address's state, so the
    sign-up form tells no one who is subscribed. Idempotent: a repeated sign-up sends
    one email per ``RESEND_AFTER``.
    """
    now = now or timezone.now()
    email = email_canonical(email)
    subscriber = _locked(email)
    if subscriber is None:
        candidate = Subscriber(
            email=email,
            first_name=first_name,
            source=source,
            confirmation_nonce=_new_nonce(),
        )
        # Uniqueness is left to the INSERT, which decides a race for the address.
        candidate.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                candidate.save()
            subscriber = candidate
        except IntegrityError:
            subscriber = _locked(email)

    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.confirmation_nonce = _new_nonce()
        subscriber.confirmation_sent_at = None
        subscriber.source = source or subscriber.source
    if first_name:
        subscriber.first_name = first_name

    sent = subscriber.confirmation_sent_at
    due = sent is None or sent <= now - RESEND_AFTER
    if due:
        subscriber.confirmation_sent_at = now
    subscriber.full_clean(validate_constraints=False)
    subscriber.save()
    if due:
        subscriber_email_queue(
            subscriber=subscriber,
            key=f"subscriber-confirm:{subscriber.pk}:{now.timestamp():.0f}",
            template="subscriber_confirm",
            context={"confirm_url": confirm_url(subscriber=subscriber)},
        )
    return subscriber


@transaction.atomic
def subscriber_confirm(
    *, subscriber_id: int, nonce: str, now: datetime | None = None
) -> Subscriber | None:
    """Confirm the pending subscriber whose current link carries ``nonce``, and queue
    the welcome email.

    Idempotent: the link works once. A used link, a link from before an
    unsubscription, or a deleted subscriber change nothing and return None.
    """
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(pk=subscriber_id, status=Subscriber.Status.PENDING)
        .first()
    )
    if subscriber is None or not constant_time_compare(
        subscriber.confirmation_nonce, nonce
    ):
        return None
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = now or timezone.now()
    subscriber.confirmation_nonce = ""
    subscriber.save(
        update_fields=["status", "confirmed_at", "confirmation_nonce", "updated_at"]
    )
    address_resubscribe(address=subscriber.email)
    subscriber_email_queue(
        subscriber=subscriber,
        key=f"subscriber-welcome:{subscriber.pk}:{nonce}",
        template="subscriber_welcome",
        context={
            "consultation_url": absolute_url(reverse("clients:consultation_request"))
        },
    )
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber_id: int, now: datetime | None = None
) -> Subscriber | None:
    """Unsubscribe a subscriber; a pending confirmation link stops working, and a
    newsletter already queued for the address is not sent (the outbox checks each
    one as its turn comes).

    Idempotent: an address already unsubscribed is left as it is, and one that is gone
    returns None.
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = now or timezone.now()
    subscriber.confirmation_nonce = ""
    subscriber.save(
        update_fields=["status", "unsubscribed_at", "confirmation_nonce", "updated_at"]
    )
    address_unsubscribe(address=subscriber.email, now=subscriber.unsubscribed_at)
    return subscriber
