"""The outbox: every email the app sends goes through here, in one shape.

- **One email** for one event: ``email_queue`` writes a row keyed by the event in the
  caller's transaction and hands it to a worker once that commits
  (``email_send_task``). A broker outage loses nothing: the outbox sweep sends it.
- **Many emails at once** (the session reminders; the newsletter, notifications,
  booking and screening emails to come): the caller claims its events in batches of
  ``BATCH_SIZE`` that any worker process can take at the same time (on PostgreSQL
  ``SELECT ... FOR UPDATE SKIP LOCKED``, then a conditional UPDATE, which alone keeps
  SQLite correct), writes each batch's rows already claimed with ``email_queue_many``
  (the templates and the brand read once per batch) and, once that commits, hands the
  next batch to another worker before sending its own with ``email_send_batch``: one
  mail connection per batch, each email marked sent on its own as the server accepts
  it, so that a crash sends at most the one on the wire twice. A batch is bounded in
  time: what is not started by its deadline goes back to the outbox, due at once.
  Pending rows are sent the same way: the outbox sweep hands them out in batches
  (``email_dispatch_batches``) that workers claim with a conditional UPDATE.
- **Attachments** (a calendar invitation, a signed document): each ``EmailAttachment``
  given to ``email_queue`` or an ``EmailDraft`` is stored beside the row
  (``outbox.models.Attachment``), so every attempt sends the same bytes.
- **The provider's rate**: ``OUTBOX_RATE`` (e.g. ``14/s``) caps the emails sent per
  period by all worker processes together (``outbox.rate``); a batch that must wait
  past its deadline gives the rest back.
- **Newsletters** (``Email.bulk``): just before each is sent, its address is looked
  up in ``Suppression`` (one indexed query); an address that unsubscribed, or that
  the mail server refused for good ``OUTBOX_BOUNCE_LIMIT`` times, cancels the email
  unsent. Every permanent refusal of a recipient (5xx) counts against its address.
"""

import contextlib
import functools
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from time import monotonic
from typing import Any
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.db.models.query import prefetch_related_objects
from django.template.backends.django import Template
from django.template.loader import get_template
from django.utils import timezone

from brand.models import Brand
from brand.selectors import brand_get
from outbox import rate
from outbox.models import Attachment, Email, Suppression

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Emails a worker claims and sends over one connection: small enough that several
# workers share a sweep of a few hundred, large enough that the claim's few queries
# are a small part of the one UPDATE per email.
BATCH_SIZE = 100
# Pending emails one run of the outbox sweep hands out (in batches), every minute.
SWEEP_LIMIT = 5000
# What an email put back for the next worker records as its last error.
DEADLINE_REACHED = "Left for the next worker: this one's time was up"
RATE_UNREADABLE = "Left for the next worker: the sending rate could not be read"
TIME_LIMIT = SoftTimeLimitExceeded("Stopped by the task's soft time limit")


def claim_timeout() -> timedelta:
    """How old a claim must be before another worker may take the email over.

    A task that holds a claim is killed at the hard time limit at the latest, so an
    older claim belongs to a worker that died (``kill -9``, a lost machine). Twice the
    limit leaves room for clocks that disagree between machines.
    """
    return timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)


def is_transient(error: BaseException) -> bool:
    """Whether sending again later may succeed.

    A 5xx answer to this message (its recipient, sender or content refused) will not
    change; neither will an error of our own building the message. Anything else may
    pass later: a 4xx answer, a refused or dropped connection, a timeout, a login the
    operator will fix, an answer out of step, the task's time limit.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return not all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return not 500 <= error.smtp_code < 600
    return isinstance(error, smtplib.SMTPException | OSError | SoftTimeLimitExceeded)


def absolute_url(path: str) -> str:
    """A link for an email: emails leave the site, so their links are absolute."""
    return settings.SITE_URL.rstrip("/") + path


class Templates:
    """The templates of the emails of one batch, each loaded once, and the brand,
    read once: rendering a thousand reminders reads neither a thousand times."""

    def __init__(self) -> None:
        self.brand: Brand = brand_get()
        self.loaded: dict[str, tuple[Template, Template, Template]] = {}

    def render(self, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
        """Subject, text body and HTML body of ``template`` for ``context``."""
        if template not in self.loaded:
            self.loaded[template] = tuple(
                get_template(f"emails/{template}_{part}")
                for part in ("subject.txt", "body.txt", "body.html")
            )
        subject, text, html = (
            part.render({"brand": self.brand, **context})
            for part in self.loaded[template]
        )
        return " ".join(subject.split()), text.strip() + "\n", html


def email_render(*, template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text body and HTML body from ``templates/emails/<template>_*``, with
    the coach's ``brand`` (its name, colour and contact) in every template."""
    return Templates().render(template, context)


@dataclass(frozen=True)
class EmailAttachment:
    """A file to send with an email: stored with the row, sent with every attempt."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"

    @classmethod
    def calendar(cls, filename: str, ical: bytes) -> "EmailAttachment":
        """An iCalendar file (``icalendar``'s ``to_ical()``), which mail and calendar
        apps offer to add."""
        return cls(filename=filename, content=ical, mimetype="text/calendar")


def _attachment_rows(
    email: Email, attachments: Iterable[EmailAttachment]
) -> list[Attachment]:
    rows = [
        Attachment(
            email=email,
            filename=attachment.filename,
            mimetype=attachment.mimetype,
            content=attachment.content,
        )
        for attachment in attachments
    ]
    for row in rows:
        row.full_clean(exclude=["email"])
    return rows


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    attachments: Sequence[EmailAttachment] = (),
) -> Email:
    """Write an email (and its attachments) to the outbox and send it once the
    transaction commits.

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
        Attachment.objects.bulk_create(_attachment_rows(email, attachments))
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
    attachments: tuple[EmailAttachment, ...] = ()
    # A newsletter: cancelled at sending if its address no longer takes them.
    bulk: bool = False
    # Subject, text and HTML already rendered (thousands of emails alike but for a
    # name and a link, rendered once by the caller): ``template`` is not used.
    rendered: tuple[str, str, str] | None = None


def email_queue_many(
    *, drafts: Iterable[EmailDraft], now: datetime, claimed: bool = True
) -> list[Email]:
    """Write many emails to the outbox in one INSERT (their attachments in one
    more), already claimed for sending by the caller, who hands them to
    ``email_send_batch`` once the transaction commits. Each template and the brand
    are read once for them all.

    With ``claimed=False`` (a newsletter of thousands) they are written pending,
    for the caller to hand to every worker with ``email_dispatch_batches`` once the
    transaction commits; the outbox sweep sends them if the broker is down.

    For events the caller has just claimed, so every key is new: the unique key still
    holds one email per event (a duplicate rolls the whole batch back instead of
    sending twice). If the caller dies before sending, the sweep takes the emails over
    once their claim is stale, as for an email abandoned by a worker.
    """
    templates = Templates()
    drafts = list(drafts)
    emails = []
    for draft in drafts:
        subject, text, html = draft.rendered or templates.render(
            draft.template, draft.context
        )
        emails.append(
            Email(
                key=draft.key,
                to=draft.to,
                subject=subject[:255],
                body_text=text,
                body_html=html,
                headers=draft.headers,
                bulk=draft.bulk,
                status=Email.Status.SENDING if claimed else Email.Status.PENDING,
                claimed_at=now if claimed else None,
            )
        )
    emails = Email.objects.bulk_create(emails)
    files = []
    for email, draft in zip(emails, drafts, strict=True):
        rows = _attachment_rows(email, draft.attachments)
        # The sender needs no query to learn what each email carries.
        email._prefetched_objects_cache = {"attachments": rows}
        files += rows
    if files:
        Attachment.objects.bulk_create(files)
    return emails


def address_unsubscribe(*, address: str, now: datetime) -> None:
    """Record that ``address`` unsubscribed, in the caller's transaction: from
    then on no newsletter email goes to it, even one already queued. Idempotent:
    the first date is kept."""
    _suppression_upsert(address=address, changes={"unsubscribed_at": now}, now=now)
    Suppression.objects.filter(address=address, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now, updated_at=now
    )


def address_resubscribe(*, address: str) -> None:
    """``address`` signed up again (and confirmed): newsletters reach it again,
    unless it bounces. Idempotent."""
    Suppression.objects.filter(address=address).update(
        unsubscribed_at=None, updated_at=timezone.now()
    )


def _suppression_upsert(*, address: str, changes: dict, now: datetime) -> None:
    """The address's row, created with ``changes`` if it has none (a race for the
    address is decided by the unique constraint)."""
    if Suppression.objects.filter(address=address).exists():
        return
    try:
        with transaction.atomic():
            Suppression.objects.create(address=address, **changes)
    except IntegrityError:
        pass  # created meanwhile: the caller's UPDATE applies to it


def _address_bounced(*, address: str, error: BaseException, now: datetime) -> None:
    """Count a permanent refusal of ``address`` (one INSERT or UPDATE)."""
    said = repr(error)[:2000]
    updated = Suppression.objects.filter(address=address).update(
        bounces=F("bounces") + 1, last_bounce_at=now, last_bounce=said, updated_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                Suppression.objects.create(
                    address=address, bounces=1, last_bounce_at=now, last_bounce=said
                )
        except IntegrityError:
            Suppression.objects.filter(address=address).update(
                bounces=F("bounces") + 1, last_bounce_at=now, last_bounce=said
            )


def is_refusal_of_recipient(error: BaseException) -> bool:
    """A permanent refusal (5xx) of the recipient or of the message to it: the
    address counts a bounce. A refused sender is ours to fix, not theirs."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _email_blocked(email: Email, *, now: datetime) -> bool:
    """A newsletter whose address no longer takes them is cancelled, unsent (one
    indexed query, right before it would go out); any other email goes ahead."""
    if not email.bulk:
        return False
    if not Suppression.objects.blocking().filter(address=email.to).exists():
        return False
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.CANCELLED,
        last_error="Not sent: the address unsubscribed or bounces",
        updated_at=now,
    )
    return True


def _email_refused(email: Email, *, error: BaseException, now: datetime) -> None:
    if is_refusal_of_recipient(error):
        _address_bounced(address=email.to, error=error, now=now)


def email_dispatch(*, email_id: int) -> None:
    """Hand an email to the worker. A broker outage is logged, not raised: the row is
    in the outbox and the periodic sweep dispatches it again."""
    from outbox.tasks import email_send_task

    try:
        email_send_task.delay(email_id)
    except Exception:  # the broker's errors vary by transport
        logger.warning("Broker unavailable; email %s left for the sweep", email_id)
        # Due at once: the sweep takes it at its next run, without waiting to be
        # sure that a dispatch is not still on its way.
        Email.objects.filter(
            pk=email_id, status=Email.Status.PENDING, retry_at=None
        ).update(retry_at=timezone.now())


def email_claim(*, email_id: int, now: datetime) -> bool:
    """Claim an email for sending with a conditional UPDATE, so that of two workers
    racing for it exactly one wins."""
    claimed = (
        Email.objects.due_for_sending(now=now, stale_before=now - claim_timeout())
        .filter(pk=email_id, attempts__lt=MAX_ATTEMPTS)
        .update(status=Email.Status.SENDING, claimed_at=now, updated_at=now)
    )
    return claimed == 1


def email_message_id(email: Email) -> str:
    """The same Message-ID every time the row is sent, so that a copy sent twice
    (after a crash with the message on the wire) is recognisable as one message."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def email_sender() -> str:
    """Who every email is from: the brand's name, at the address of
    ``DEFAULT_FROM_EMAIL``."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((brand_get().business_name, address))


def email_message(email: Email, *, sender: str | None = None) -> EmailMultiAlternatives:
    """The message to hand to the mail backend for an outbox row; a batch passes the
    ``sender`` it read once."""
    message = EmailMultiAlternatives(
        from_email=sender or email_sender(),
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        headers={"Message-ID": email_message_id(email), **email.headers},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(
            attachment.filename, bytes(attachment.content), attachment.mimetype
        )
    return message


def _email_attempt_failed(
    *,
    emails: Sequence[Email],
    error: BaseException,
    now: datetime,
    retry_now: bool = False,
) -> Email.Status:
    """Record a failed attempt: after a transient error the emails go back to pending
    with a later ``retry_at`` (or due at once, with ``retry_now``; failed after
    ``MAX_ATTEMPTS``); after any other error they fail at once. Only rows still
    claimed change. One UPDATE per distinct attempt count."""
    transient = is_transient(error)
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
        later = now if retry_now else now + timedelta(seconds=30 * 2**attempts)
        retry = {"retry_at": later}
        Email.objects.filter(pk__in=ids, status=Email.Status.SENDING).update(
            status=status,
            attempts=attempts,
            last_error=repr(error)[:2000],
            updated_at=now,
            **(retry if transient else {}),
        )
    if not transient:
        logger.error("Emails %s failed for good: %r", [e.pk for e in emails], error)
    return status


def _email_release(*, emails: Sequence[Email], reason: str) -> None:
    """Put claimed emails that were never tried back as pending and due at once,
    for the next worker: the one holding them ran out of time."""
    if not emails:
        return
    now = timezone.now()
    Email.objects.filter(
        pk__in=[email.pk for email in emails], status=Email.Status.SENDING
    ).update(
        status=Email.Status.PENDING,
        retry_at=now,
        last_error=reason,
        updated_at=now,
    )


@functools.cache
def _mark_sent_sql(vendor: str) -> str:
    quote = db_connection.ops.quote_name
    table, status, attempts, sent_at, updated_at, pk = (
        quote(name)
        for name in (
            Email._meta.db_table,
            "status",
            "attempts",
            "sent_at",
            "updated_at",
            Email._meta.pk.column,
        )
    )
    return (
        f"UPDATE {table} SET {status} = %s, {attempts} = {attempts} + 1, "  # noqa: S608
        f"{sent_at} = %s, {updated_at} = %s WHERE {pk} = %s"
    )


def _email_mark_sent(*, email: Email, now: datetime) -> None:
    """One UPDATE per email, as soon as the server accepted it: a crash after it
    never sends that email again. The statement is composed once per process, not
    compiled by the ORM for every email: that took three times the CPU of
    running it, and a batch runs it once per email."""
    when = Email._meta.get_field("sent_at").get_db_prep_value(
        now, db_connection, prepared=False
    )
    with db_connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(db_connection.vendor),
            [Email.Status.SENT.value, when, when, email.pk],
        )


def email_send(*, email_id: int, now: datetime | None = None) -> Email.Status | None:
    """Deliver one email from the outbox.

    Idempotent: only the worker that claims the row sends it; a sent or failed email is
    never sent again. A transient error puts it back as pending with a later
    ``retry_at``; after ``MAX_ATTEMPTS`` it is marked failed. If the task's soft time
    limit stops the send, the email goes back to pending at once and the limit is
    raised again: it may have arrived, so it is sent at most once more. It waits for
    its turn under ``OUTBOX_RATE``; stopped while waiting, or with the rate
    unreadable, it goes back to pending at once, no attempt counted.
    """
    now = now or timezone.now()
    if not email_claim(email_id=email_id, now=now):
        return None
    email = Email.objects.get(pk=email_id)
    if _email_blocked(email, now=now):
        return Email.Status.CANCELLED
    message = email_message(email)
    try:
        rate.wait(deadline=None)
    except SoftTimeLimitExceeded:
        # Stopped while waiting for its turn: nothing was sent, no attempt made.
        _after_time_limit(
            lambda: _email_release(emails=[email], reason=DEADLINE_REACHED)
        )
        raise
    except rate.RateUnavailable:
        logger.warning("Sending rate unreadable", exc_info=True)
        _email_release(emails=[email], reason=RATE_UNREADABLE)
        return Email.Status.PENDING
    try:
        message.send()
    except SoftTimeLimitExceeded:
        _after_time_limit(
            lambda: _email_attempt_failed(
                emails=[email], error=TIME_LIMIT, now=timezone.now(), retry_now=True
            )
        )
        raise
    except Exception as exc:
        status = _email_attempt_failed(emails=[email], error=exc, now=now)
        _email_refused(email, error=exc, now=now)
        return status
    _email_mark_sent(email=email, now=now)
    return Email.Status.SENT


class _Conversation:
    """One SMTP conversation over a mail backend's connection, thrown away and
    reopened whenever it may be out of step: after a dropped connection, a timeout,
    an answer that did not match its command or a time limit cutting it short."""

    def __init__(self) -> None:
        self.backend: BaseEmailBackend = get_connection()
        self.open = False

    def send(self, message: EmailMultiAlternatives) -> None:
        if not self.open:
            self.backend.open()
            self.open = True
        self.backend.send_messages([message])

    def abort(self) -> None:
        """Drop the connection without a polite QUIT, which a broken conversation
        might answer with a reply meant for an earlier command."""
        self.open = False
        smtp = getattr(self.backend, "connection", None)
        if smtp is None:
            self.backend.close()
            return
        with contextlib.suppress(OSError):
            smtp.close()
        self.backend.connection = None

    def close(self) -> None:
        if self.open:
            self.open = False
            try:
                self.backend.close()
            except Exception:  # the batch is done; a failed QUIT changes nothing
                logger.info("Mail connection did not close cleanly", exc_info=True)


def email_send_batch(
    *,
    emails: Sequence[Email],
    now: datetime | None = None,
    deadline: float | None = None,
) -> int:
    """Deliver emails the caller has claimed (``email_queue_many``,
    ``email_claim_many``) over one mail connection, marking each one sent as soon as
    the server accepts it. Returns how many were sent.

    Idempotent as ``email_send``: only claimed rows come here, and a sent email is
    never sent again. A worker killed at any point leaves at most one email, the one
    on the wire, unmarked: the sweep sends that one again once its claim is stale.

    - A dropped connection or any other transient error: the conversation is
      reopened and the email tried once more; if that fails too, it and the rest go
      back as pending with a later ``retry_at``.
    - A permanent refusal (a 5xx answer to this message) fails that email; the batch
      goes on.
    - ``deadline`` (a ``time.monotonic()`` reading): no new email is started after
      it, nor one whose turn under the sending rate (``OUTBOX_RATE``) would come
      after it; the rest go back to pending at once. The task's soft time limit does
      the same mid-message, and is raised again.
    """
    if not emails:
        return 0
    now = now or timezone.now()
    sent = 0
    conversation = _Conversation()
    sender = email_sender()
    position = 0
    try:
        for position, email in enumerate(emails):
            if deadline is not None and monotonic() >= deadline:
                _email_release(emails=emails[position:], reason=DEADLINE_REACHED)
                break
            if _email_blocked(email, now=timezone.now()):
                continue
            message = email_message(email, sender=sender)
            try:
                # The provider's next free slot, whichever worker takes the others.
                in_time = rate.wait(deadline=deadline)
            except rate.RateUnavailable:
                logger.warning("Sending rate unreadable", exc_info=True)
                _email_release(emails=emails[position:], reason=RATE_UNREADABLE)
                break
            if not in_time:
                _email_release(emails=emails[position:], reason=DEADLINE_REACHED)
                break
            error = _email_try(conversation, message)
            if error is not None and is_transient(error):
                error = _email_try(conversation, message)  # once more, reopened
            if error is None:
                _email_mark_sent(email=email, now=timezone.now())
                sent += 1
            elif is_transient(error):
                _email_attempt_failed(emails=emails[position:], error=error, now=now)
                break
            else:
                _email_attempt_failed(emails=[email], error=error, now=now)
                _email_refused(email, error=error, now=timezone.now())
    except SoftTimeLimitExceeded:
        conversation.abort()

        def put_back() -> None:
            # The email on the wire may have arrived: it counts as an attempt.
            _email_attempt_failed(
                emails=emails[position : position + 1],
                error=TIME_LIMIT,
                now=timezone.now(),
                retry_now=True,
            )
            _email_release(emails=emails[position + 1 :], reason=repr(TIME_LIMIT))

        _after_time_limit(put_back)
        raise
    finally:
        conversation.close()
    return sent


def _after_time_limit(put_back: Callable[[], None]) -> None:
    """Run ``put_back`` after the soft time limit cut the task short. The limit may
    have struck inside a query and left the database connection unusable: then it is
    replaced and ``put_back`` runs again. Should that fail too, the claims go stale
    and the sweep takes the emails over."""
    try:
        put_back()
    except DatabaseError:
        db_connection.close()
        put_back()


def _email_try(
    conversation: _Conversation, message: EmailMultiAlternatives
) -> Exception | None:
    """Send one message; the error, if any. After a transient error the
    conversation is aborted, to be reopened by the next message."""
    try:
        conversation.send(message)
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        if is_transient(exc):
            conversation.abort()
        return exc
    return None


def email_claim_many(*, email_ids: Sequence[int], now: datetime) -> list[Email]:
    """Claim those of ``email_ids`` that are still due, with one conditional UPDATE,
    and return them with their attachments: of two workers racing for a batch, each
    email goes to exactly one (PostgreSQL re-checks the condition on a row another
    transaction just claimed; SQLite runs one writer at a time)."""
    claimed = (
        Email.objects.due_for_sending(now=now, stale_before=now - claim_timeout())
        .filter(pk__in=email_ids, attempts__lt=MAX_ATTEMPTS)
        .update(status=Email.Status.SENDING, claimed_at=now, updated_at=now)
    )
    if not claimed:
        return []
    emails = list(
        Email.objects.filter(
            pk__in=email_ids, status=Email.Status.SENDING, claimed_at=now
        ).order_by("created_at", "pk")
    )
    prefetch_related_objects(emails, "attachments")
    return emails


def email_send_many(
    *, email_ids: Sequence[int], now: datetime | None = None, deadline: float | None
) -> int:
    """Claim a batch of pending emails and send it over one mail connection; how
    many were sent.

    Idempotent: only the worker whose conditional UPDATE claims a row sends it; a
    sent or failed email is never sent again. Bounded by ``deadline`` as
    ``email_send_batch``.
    """
    emails = email_claim_many(email_ids=email_ids, now=now or timezone.now())
    return email_send_batch(emails=emails, deadline=deadline)


def email_dispatch_batches(*, email_ids: Sequence[int]) -> None:
    """Hand pending emails to the workers in batches of ``BATCH_SIZE``, one task
    each, so that every worker process takes a share. A broker outage is logged:
    the emails stay in the outbox for the sweep."""
    from outbox.tasks import email_send_many_task

    for start in range(0, len(email_ids), BATCH_SIZE):
        batch = list(email_ids[start : start + BATCH_SIZE])
        try:
            email_send_many_task.delay(batch)
        except Exception:  # the broker's errors vary by transport
            logger.warning("Broker unavailable; emails left for the sweep")
            return


def email_sweep(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> int:
    """Dispatch every email that is due, in batches: never handed to a worker (the
    broker was down), due for a retry, or abandoned by a worker. Returns how many."""
    now = now or timezone.now()
    ids = list(
        Email.objects.due_for_sending(now=now, stale_before=now - claim_timeout())
        # A fresh email may still be on its way to a worker; one that a worker or
        # a failed dispatch put back (``retry_at``) is not.
        .filter(
            Q(created_at__lte=now - timedelta(seconds=30)) | Q(retry_at__isnull=False)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    email_dispatch_batches(email_ids=ids)
    return len(ids)
