import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from outbox.models import Email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
CLAIM_TIMEOUT = timedelta(minutes=10)
# Errors worth another try later; anything else fails the email at once.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPDataError,
    ConnectionError,
    TimeoutError,
)


def absolute_url(path: str) -> str:
    """A link for an email: emails leave the site, so their links are absolute."""
    return settings.SITE_URL.rstrip("/") + path


def email_render(*, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text body and HTML body from ``templates/emails/<template>_*``."""
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Email:
    """Write an email to the outbox and send it once the transaction commits.

    Idempotent: a second call with the same ``key`` returns the first email and queues
    nothing. If the broker is down the email stays pending and the sweep sends it.
    """
    with transaction.atomic():
        existing = Email.objects.filter(key=key).first()
        if existing is not None:
            return existing
        subject, text, html = email_render(template=template, context=context)
        email = Email(
            key=key,
            to=to,
            subject=subject,
            body_text=text,
            body_html=html,
            headers=headers or {},
        )
        email.full_clean()
        email.save()
    transaction.on_commit(lambda: email_dispatch(email_id=email.pk))
    return email


@dataclass(frozen=True)
class EmailDraft:
    """An email to write to the outbox, as ``email_queue`` takes it."""

    key: str
    to: str
    template: str
    context: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def email_queue_many(*, drafts: Iterable[EmailDraft], now: datetime) -> list[Email]:
    """Write many emails to the outbox in one INSERT, already claimed for sending by
    the caller, who hands them to ``email_send_batch`` once the transaction commits.

    For events the caller has just claimed, so every key is new: the unique key still
    holds one email per event (a duplicate rolls the whole batch back instead of
    sending twice). If the caller dies before sending, the sweep takes the emails over
    once their claim is stale, as for an email abandoned by a worker.
    """
    emails = []
    for draft in drafts:
        subject, text, html = email_render(
            template=draft.template, context=draft.context
        )
        emails.append(
            Email(
                key=draft.key,
                to=draft.to,
                subject=subject[:255],
                body_text=text,
                body_html=html,
                headers=draft.headers,
                status=Email.Status.SENDING,
                claimed_at=now,
            )
        )
    return Email.objects.bulk_create(emails)


def email_dispatch(*, email_id: int) -> None:
    """Hand an email to the worker. A broker outage is logged, not raised: the row is
    in the outbox and the periodic sweep dispatches it again."""
    from outbox.tasks import email_send_task

    try:
        email_send_task.delay(email_id)
    except Exception:  # the broker's errors vary by transport
        logger.warning("Broker unavailable; email %s left for the sweep", email_id)


def email_claim(*, email_id: int, now: datetime) -> bool:
    """Claim an email for sending with a conditional UPDATE, so that of two workers
    racing for it exactly one wins."""
    claimed = (
        Email.objects.due_for_sending(now=now, stale_before=now - CLAIM_TIMEOUT)
        .filter(pk=email_id, attempts__lt=MAX_ATTEMPTS)
        .update(status=Email.Status.SENDING, claimed_at=now, updated_at=now)
    )
    return claimed == 1


def email_message(email: Email) -> EmailMultiAlternatives:
    """The message to hand to the mail backend for an outbox row."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _email_attempt_failed(
    *, emails: Sequence[Email], error: Exception, now: datetime
) -> Email.Status:
    """Record a failed attempt: after a transient error the emails go back to pending
    with a later ``retry_at`` (failed after ``MAX_ATTEMPTS``); after any other error
    they fail at once. One UPDATE per distinct attempt count."""
    transient = isinstance(error, TRANSIENT_ERRORS)
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for email in emails:
        by_attempts[email.attempts + 1].append(email.pk)
    status = Email.Status.FAILED
    for attempts, ids in by_attempts.items():
        status = (
            Email.Status.PENDING
            if transient and attempts < MAX_ATTEMPTS
            else Email.Status.FAILED
        )
        retry = {"retry_at": now + timedelta(seconds=30 * 2**attempts)}
        Email.objects.filter(pk__in=ids).update(
            status=status,
            attempts=attempts,
            last_error=repr(error)[:2000],
            updated_at=now,
            **(retry if transient else {}),
        )
    if not transient:
        logger.exception("Emails %s failed for good", [email.pk for email in emails])
    return status


def email_send(*, email_id: int, now: datetime | None = None) -> Email.Status | None:
    """Deliver one email from the outbox.

    Idempotent: only the worker that claims the row sends it; a sent or failed email is
    never sent again. A transient error puts it back as pending with a later
    ``retry_at``; after ``MAX_ATTEMPTS`` it is marked failed.
    """
    now = now or timezone.now()
    if not email_claim(email_id=email_id, now=now):
        return None
    email = Email.objects.get(pk=email_id)
    message = email_message(email)
    try:
        message.send()
    except Exception as exc:
        return _email_attempt_failed(emails=[email], error=exc, now=now)
    Email.objects.filter(pk=email_id).update(
        status=Email.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=now,
        updated_at=now,
    )
    return Email.Status.SENT


def email_send_batch(*, emails: Sequence[Email], now: datetime | None = None) -> int:
    """Deliver emails the caller has claimed (``email_queue_many``) over one mail
    connection, then mark those sent with one UPDATE. Returns how many were sent.

    Idempotent as ``email_send``: only claimed rows come here, and a sent email is
    never sent again. A transient error stops the batch: the email that met it and
    those not yet tried go back as pending with a later ``retry_at``, for the sweep.
    Any other error fails that one email and the batch goes on.
    """
    if not emails:
        return 0
    now = now or timezone.now()
    sent: list[int] = []
    done: set[int] = set()
    try:
        with get_connection() as connection:
            for email in emails:
                try:
                    connection.send_messages([email_message(email)])
                except TRANSIENT_ERRORS:
                    raise
                except Exception as exc:
                    _email_attempt_failed(emails=[email], error=exc, now=now)
                else:
                    sent.append(email.pk)
                done.add(email.pk)
    except Exception as exc:  # opening the connection, or a transient error
        left = [email for email in emails if email.pk not in done]
        _email_attempt_failed(emails=left, error=exc, now=now)
    if sent:
        Email.objects.filter(pk__in=sent).update(
            status=Email.Status.SENT,
            attempts=F("attempts") + 1,
            sent_at=now,
            updated_at=now,
        )
    return len(sent)


def email_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Dispatch every email that is due: never handed to a worker (the broker was
    down), due for a retry, or abandoned by a worker. Returns how many."""
    now = now or timezone.now()
    ids = list(
        Email.objects.due_for_sending(now=now, stale_before=now - CLAIM_TIMEOUT)
        .filter(created_at__lte=now - timedelta(seconds=30))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for email_id in ids:
        email_dispatch(email_id=email_id)
    return len(ids)
