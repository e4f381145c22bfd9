import logging
import smtplib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from trainer.outbox.models import Email

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


def email_dispatch(*, email_id: int) -> None:
    """Hand an email to the worker. A broker outage is logged, not raised: the row is
    in the outbox and the periodic sweep dispatches it again."""
    from trainer.outbox.tasks import email_send_task

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
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    attempts = email.attempts + 1
    try:
        message.send()
    except TRANSIENT_ERRORS as exc:
        failed = attempts >= MAX_ATTEMPTS
        Email.objects.filter(pk=email_id).update(
            status=Email.Status.FAILED if failed else Email.Status.PENDING,
            attempts=attempts,
            retry_at=now + timedelta(seconds=30 * 2**attempts),
            last_error=repr(exc)[:2000],
            updated_at=now,
        )
        return Email.Status.FAILED if failed else Email.Status.PENDING
    except Exception as exc:
        Email.objects.filter(pk=email_id).update(
            status=Email.Status.FAILED,
            attempts=attempts,
            last_error=repr(exc)[:2000],
            updated_at=now,
        )
        logger.exception("Email %s failed for good", email_id)
        return Email.Status.FAILED
    Email.objects.filter(pk=email_id).update(
        status=Email.Status.SENT, attempts=attempts, sent_at=now, updated_at=now
    )
    return Email.Status.SENT


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
