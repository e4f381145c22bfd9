from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse

from clients.models import Client
from letters.models import Issue
from letters.tokens import client_unsubscribe_url
from newsletter.models import Subscriber
from newsletter.tokens import unsubscribe_token
from outbox.models import Email, Suppression
from outbox.services import absolute_url


@dataclass(frozen=True)
class Recipient:
    address: str
    first_name: str
    unsubscribe_url: str


def issue_recipients(*, include_clients: bool) -> list[Recipient]:
    """Who an issue goes to, one per address (emails are stored canonical): every
    confirmed subscriber and, with ``include_clients``, every active client who
    agreed, less the addresses that unsubscribed or bounce. A subscriber's own link
    is preferred when someone is both. Two queries whatever the count."""
    blocked = Suppression.objects.blocking().values("address")
    # The link reversed once, each subscriber's token put in it.
    link = absolute_url(reverse("newsletter:unsubscribe", kwargs={"token": "TOKEN"}))
    recipients: dict[str, Recipient] = {}
    subscribers = (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .exclude(email__in=blocked)
        .order_by("pk")
        .only("pk", "email", "first_name")
    )
    for subscriber in subscribers:
        recipients[subscriber.email] = Recipient(
            subscriber.email,
            subscriber.first_name,
            link.replace("TOKEN", unsubscribe_token(subscriber=subscriber)),
        )
    if include_clients:
        clients = (
            Client.objects.filter(is_active=True, newsletter_consented_at__isnull=False)
            .exclude(email="")
            .exclude(email__in=blocked)
            .exclude(email__in=Subscriber.objects.values("email"))
            .order_by("pk")
            .values_list("pk", "email", "first_name")
        )
        for pk, email, first_name in clients:
            if email not in recipients:
                recipients[email] = Recipient(
                    email, first_name, client_unsubscribe_url(client_id=pk)
                )
    return list(recipients.values())


def issue_list() -> QuerySet[Issue]:
    return Issue.objects.select_related("created_by")


@dataclass(frozen=True)
class IssueCounts:
    queued: int  # waiting for their turn, or on the wire
    sent: int
    failed: int
    cancelled: int  # not sent: the address unsubscribed or bounced meanwhile
    unsubscribed: int  # of its recipients, since it was queued

    @property
    def done(self) -> bool:
        return self.queued == 0


def issue_counts(*, issue: Issue) -> IssueCounts:
    """The issue's emails by state, and how many of its recipients unsubscribed
    since it was queued. Two queries."""
    emails = Email.objects.filter(key__startswith=issue.email_key_prefix)
    by_status = dict(
        emails.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    unsubscribed = 0
    if issue.queued_at is not None:
        unsubscribed = Suppression.objects.filter(
            unsubscribed_at__gte=issue.queued_at, address__in=emails.values("to")
        ).count()
    return IssueCounts(
        queued=by_status.get(Email.Status.PENDING, 0)
        + by_status.get(Email.Status.SENDING, 0),
        sent=by_status.get(Email.Status.SENT, 0),
        failed=by_status.get(Email.Status.FAILED, 0),
        cancelled=by_status.get(Email.Status.CANCELLED, 0),
        unsubscribed=unsubscribed,
    )
