"""The outbox: every email the app sends, as a row written in the same transaction as
its cause, with its attachments beside it. ``outbox.services`` describes how rows are
written, claimed in batches and sent."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import CanonicalEmailField, TimeStampedModel


class EmailQuerySet(models.QuerySet):
    def due_for_sending(self, *, now: datetime, stale_before: datetime):
        """Emails a worker should (re)try: pending ones, and ones claimed by a worker
        that has not finished them since ``stale_before`` (it died or was cut off)."""
        return self.filter(
            Q(status=Email.Status.PENDING)
            | Q(status=Email.Status.SENDING, claimed_at__lt=stale_before)
        ).filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))


class Email(TimeStampedModel):
    """One email, written in the same transaction as the event that causes it and
    delivered by the worker. ``key`` names the event, so an event sends one email."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Not sent, on purpose: a newsletter to an address that unsubscribed or
        # bounces by the time its turn came.
        CANCELLED = "cancelled", "Cancelled"

    key = models.CharField(max_length=200, unique=True)
    to = CanonicalEmailField(max_length=254, refuse_lookalikes=False)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    bulk = models.BooleanField(
        default=False,
        help_text="A newsletter: not sent to an address that unsubscribed or bounces.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "retry_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class ErrorReport(TimeStampedModel):
    """One server error, as the admins hear of it: every occurrence of the same
    error (``fingerprint``) within one period is counted on one row, and the row is
    emailed once (``outbox.reports``)."""

    fingerprint = models.CharField(max_length=64)
    period_start = models.DateTimeField()
    title = models.CharField(max_length=255)
    details = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=1)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint", "period_start"],
                name="outbox_errorreport_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["emailed_at", "first_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.count}×)"


class Heartbeat(TimeStampedModel):
    """When a background process last did its periodic work: beat queues
    ``heartbeat_record_task`` and the worker that runs it stamps ``beat_at``."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Attachment(TimeStampedModel):
    """A file sent with an email (a calendar invitation, a signed document), stored
    with it so that a retry, a take-over by another worker or a sweep after a crash
    sends the same bytes."""

    email = models.ForeignKey(
        Email, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class SuppressionQuerySet(models.QuerySet):
    def blocking(self):
        """Addresses no newsletter goes to: they unsubscribed, or the mail server
        refused them for good ``OUTBOX_BOUNCE_LIMIT`` times."""
        return self.filter(
            Q(unsubscribed_at__isnull=False)
            | Q(bounces__gte=settings.OUTBOX_BOUNCE_LIMIT)
        )


class Suppression(TimeStampedModel):
    """What the outbox knows of an address that newsletters (``Email.bulk``) must
    not reach: when it unsubscribed, and how often the mail server refused it for
    good (a 5xx answer), with the last refusal, so the owner sees why."""

    address = CanonicalEmailField(max_length=254, unique=True, refuse_lookalikes=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounces = models.PositiveSmallIntegerField(
        default=0, help_text="Permanent refusals (5xx) by the mail server."
    )
    last_bounce_at = models.DateTimeField(null=True, blank=True)
    last_bounce = models.TextField(blank=True, help_text="What the server answered.")

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.address

    @property
    def blocks(self) -> bool:
        return (
            self.unsubscribed_at is not None
            or self.bounces >= settings.OUTBOX_BOUNCE_LIMIT
        )
