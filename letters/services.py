"""Newsletter issues: written, tested, scheduled and sent once.

Sending is two steps. The owner's click (``issue_send_now``) or the schedule
(``issue_schedule``) only marks the issue due; a worker (``issue_queue``, from the
task handed over on commit, or from the beat sweep a minute later if the broker was
down) then writes one outbox email per address in one bulk INSERT, in the same
transaction as the issue's move to "sending", and hands them to every worker in
batches (``email_dispatch_batches``). From there the outbox's guarantees hold: at
most one email sent twice after a crash, nothing lost, ``OUTBOX_RATE`` kept, and
each email checked against unsubscriptions and bounces as its turn comes.
"""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from accounts.models import User
from blog.models import Post
from blog.selectors import post_for_issue
from clients.models import Client
from core.markdown import markdown_html
from letters.models import Issue
from letters.selectors import Recipient, issue_counts, issue_recipients
from outbox.models import Email
from outbox.services import (
    EmailDraft,
    address_unsubscribe,
    email_dispatch_batches,
    email_queue,
    email_queue_many,
    email_render,
)

TEMPLATE = "letter_issue"

NOT_EDITABLE = "This issue is already being sent: it can no longer be changed."
ALREADY_SENDING = "This issue is already on its way: it is sent once."
SEND_AT_PAST = (
    "The time to send ({when}) has passed: choose a later time, or send it now."
)
NOT_SCHEDULED = "This issue is not scheduled."
NO_EMAIL = "Your account has no email address to send the test to."
POST_NOT_PUBLISHED = "Only a published post can become an issue: publish it first."


def _locked(issue_id: int) -> Issue:
    return Issue.objects.select_for_update().get(pk=issue_id)


def issue_save(*, issue: Issue, author: User | None = None) -> Issue:
    """Create or change a draft (or a scheduled issue, which stays scheduled)."""
    if issue.pk is not None:
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        if not current.is_editable:
            raise ValidationError(NOT_EDITABLE)
        issue.status, issue.send_at = current.status, current.send_at
    elif author is not None:
        issue.created_by = author
    issue.full_clean()
    issue.save()
    return issue


def issue_from_post(*, post_pk: int, author: User) -> Issue:
    """A draft issue that tells subscribers about a published post: its cover, its
    summary and a link to read it on the site, to edit before sending. Not
    idempotent: each call makes a new draft, as "New issue" does."""
    try:
        post = post_for_issue(pk=post_pk)
    except Post.DoesNotExist:
        raise ValidationError(POST_NOT_PUBLISHED) from None
    title = post.title.replace("[", "(").replace("]", ")")
    cover = f"![{title}]({post.cover_url})\n\n" if post.cover_url else ""
    body = f"{cover}{post.summary}\n\n[Read “{title}” on the site]({post.url})\n"
    return issue_save(
        issue=Issue(subject=post.title[:200], body=body, source_url=post.url),
        author=author,
    )


def issue_context(*, issue: Issue) -> dict:
    """What every email of the issue shares: its Markdown rendered once."""
    return {"issue": issue, "body_html": SafeString(markdown_html(issue.body))}


def issue_send_test(*, issue: Issue, user: User, now: datetime | None = None) -> Email:
    """Email the issue to ``user`` alone, as subscribers will get it (without a
    working unsubscribe link). Idempotent per second: a double click sends one."""
    if not user.email:
        raise ValidationError(NO_EMAIL)
    now = now or timezone.now()
    return email_queue(
        key=f"letter-test:{issue.pk}:{user.pk}:{now.timestamp():.0f}",
        to=user.email,
        template=TEMPLATE,
        context={
            **issue_context(issue=issue),
            "first_name": user.first_name,
            "unsubscribe_url": "",
            "is_test": True,
        },
    )


@transaction.atomic
def issue_schedule(
    *, issue_id: int, send_at: datetime, now: datetime | None = None
) -> Issue:
    """Schedule a draft (or move a scheduled issue) to ``send_at``, which must be
    in the future. The beat sweep queues it when the time comes."""
    now = now or timezone.now()
    issue = _locked(issue_id)
    if not issue.is_editable:
        raise ValidationError(ALREADY_SENDING)
    if send_at <= now:
        local = timezone.localtime(send_at)
        raise ValidationError(
            {"send_at": SEND_AT_PAST.format(when=f"{local:%d %b %Y %H:%M}")}
        )
    issue.status, issue.send_at = Issue.Status.SCHEDULED, send_at
    issue.save(update_fields=["status", "send_at", "updated_at"])
    return issue


@transaction.atomic
def issue_unschedule(*, issue_id: int) -> Issue:
    """Back to a draft, while the time has not come."""
    issue = _locked(issue_id)
    if issue.status != Issue.Status.SCHEDULED:
        raise ValidationError(NOT_SCHEDULED)
    if issue.send_at <= timezone.now():
        raise ValidationError(ALREADY_SENDING)
    issue.status, issue.send_at = Issue.Status.DRAFT, None
    issue.save(update_fields=["status", "send_at", "updated_at"])
    return issue


@transaction.atomic
def issue_send_now(*, issue_id: int, now: datetime | None = None) -> Issue:
    """Send the issue now: it is marked due and a worker queues it once this
    commits (or the beat sweep, within a minute, if the broker is down).

    Idempotent: the issue row is locked, so of two clicks the second finds it on its
    way and is refused with ``ALREADY_SENDING``; its emails are keyed per address.
    """
    from letters.tasks import issue_queue_task

    now = now or timezone.now()
    issue = _locked(issue_id)
    due = issue.status == Issue.Status.SCHEDULED and issue.send_at <= now
    if not issue.is_editable or due:
        raise ValidationError(ALREADY_SENDING)
    issue.status, issue.send_at = Issue.Status.SCHEDULED, now
    issue.save(update_fields=["status", "send_at", "updated_at"])
    transaction.on_commit(lambda: _dispatch(issue_queue_task, issue.pk))
    return issue


def _dispatch(task, issue_id: int) -> None:
    try:
        task.delay(issue_id)
    except Exception:  # the broker's errors vary; the beat sweep queues it
        import logging

        logging.getLogger(__name__).warning(
            "Broker unavailable; issue %s left for the sweep", issue_id
        )


class _Renderer:
    """The issue's email rendered twice (with a greeting by name and without),
    with markers where each recipient's name and unsubscribe link go, then filled
    in for each: ten thousand emails cost two renders, not ten thousand."""

    def __init__(self, issue: Issue) -> None:
        marker = secrets.token_hex(8)
        self.name, self.link = f"name{marker}", f"https://unsubscribe{marker}.invalid"
        shared = {**issue_context(issue=issue), "unsubscribe_url": self.link}
        self.named, self.unnamed = (
            email_render(template=TEMPLATE, context={**shared, "first_name": name})
            for name in (self.name, "")
        )

    def __call__(self, recipient: Recipient) -> tuple[str, str, str]:
        subject, text, html = self.named if recipient.first_name else self.unnamed
        name, link = recipient.first_name, recipient.unsubscribe_url
        return (
            subject,
            text.replace(self.name, name).replace(self.link, link),
            html.replace(self.name, escape(name)).replace(self.link, escape(link)),
        )


def _key(issue: Issue, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"{issue.email_key_prefix}{digest}"


@transaction.atomic
def issue_queue(*, issue_id: int, now: datetime | None = None) -> int:
    """Write one email per recipient of a due issue to the outbox, in one bulk
    INSERT, and hand them to the workers in batches once this commits. Returns
    how many were queued.

    Idempotent: only a scheduled issue whose time has come is queued, and it moves to
    "sending" in the same transaction, under its row lock; a second call (the task
    and the sweep racing, a redelivered task) queues nothing.
    """
    now = now or timezone.now()
    issue = Issue.objects.due(now=now).select_for_update().filter(pk=issue_id).first()
    if issue is None:
        return 0
    render = _Renderer(issue)
    headers = {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    drafts = [
        EmailDraft(
            key=_key(issue, recipient.address),
            to=recipient.address,
            template=TEMPLATE,
            context={},
            rendered=render(recipient),
            headers={"List-Unsubscribe": f"<{recipient.unsubscribe_url}>", **headers},
            bulk=True,
        )
        for recipient in issue_recipients(include_clients=issue.include_clients)
    ]
    emails = email_queue_many(drafts=drafts, now=now, claimed=False)
    issue.status = Issue.Status.SENDING
    issue.queued_at = now
    issue.recipients = len(emails)
    issue.save(update_fields=["status", "queued_at", "recipients", "updated_at"])
    ids = [email.pk for email in emails]
    transaction.on_commit(lambda: email_dispatch_batches(email_ids=ids))
    return len(ids)


def issue_finish(*, issue_id: int, now: datetime | None = None) -> bool:
    """Mark a sending issue sent once none of its emails is waiting any more.
    Idempotent."""
    now = now or timezone.now()
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None or not issue_counts(issue=issue).done:
        return False
    Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, finished_at=now, updated_at=now
    )
    return True


def issue_sweep(*, now: datetime | None = None) -> int:
    """Queue every issue whose time has come and mark finished ones sent; how many
    were queued. Idempotent as ``issue_queue``."""
    now = now or timezone.now()
    queued = 0
    for issue_id in Issue.objects.due(now=now).values_list("pk", flat=True):
        queued += issue_queue(issue_id=issue_id, now=now)
    for issue_id in Issue.objects.filter(status=Issue.Status.SENDING).values_list(
        "pk", flat=True
    ):
        issue_finish(issue_id=issue_id, now=now)
    return queued


@transaction.atomic
def client_newsletter_withdraw(
    *, client_id: int, now: datetime | None = None
) -> Client | None:
    """A client's one-click unsubscribe: their agreement is withdrawn and their
    address takes no more newsletters, including one being sent. Idempotent."""
    now = now or timezone.now()
    client = Client.objects.select_for_update().filter(pk=client_id).first()
    if client is None:
        return None
    if client.newsletter_consented_at is not None:
        client.newsletter_consented_at = None
        client.save(update_fields=["newsletter_consented_at", "updated_at"])
    if client.email:
        address_unsubscribe(address=client.email, now=now)
    return client
