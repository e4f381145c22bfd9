"""Web Push: the devices a user turned notifications on for, the topics they want,
and every push as a row written in the same transaction as its cause
(``notifications.services`` describes how rows are claimed and sent)."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel


class Topic(models.TextChoices):
    """What a push is about; each user chooses the topics they get."""

    MESSAGES = "messages", "New messages"
    COMMENTS = "comments", "Comments on workouts"
    LADDER = "ladder", "Moves on the ladder"
    REMINDERS = "reminders", "Session reminders"


class PushSubscription(TimeStampedModel):
    """One device (one browser on it) that a user turned notifications on for: the
    push service's address for it and the keys its pushes are encrypted to. A push
    service answering 404 or 410 for it removes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField("public key", max_length=120)
    auth = models.CharField("auth secret", max_length=60)
    user_agent = models.CharField(max_length=300, blank=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.device}"

    @property
    def device(self) -> str:
        """A short name for the device, from its browser's user agent."""
        agent = self.user_agent
        system = next(
            (
                name
                for token, name in (
                    ("iPhone", "iPhone"),
                    ("iPad", "iPad"),
                    ("Android", "Android"),
                    ("Windows", "Windows"),
                    ("Mac OS", "Mac"),
                    ("CrOS", "Chromebook"),
                    ("Linux", "Linux"),
                )
                if token in agent
            ),
            "",
        )
        browser = next(
            (
                name
                for token, name in (
                    ("Edg/", "Edge"),
                    ("Firefox/", "Firefox"),
                    ("Chrome/", "Chrome"),
                    ("Safari/", "Safari"),
                )
                if token in agent
            ),
            "",
        )
        return " · ".join(part for part in (browser, system) if part) or "A browser"


class PushPreference(TimeStampedModel):
    """The topics a user gets pushes for, on every device they turned on. A user
    without a row gets every topic."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_preference",
    )
    messages = models.BooleanField(Topic.MESSAGES.label, default=True)
    comments = models.BooleanField(Topic.COMMENTS.label, default=True)
    ladder = models.BooleanField(Topic.LADDER.label, default=True)
    reminders = models.BooleanField(Topic.REMINDERS.label, default=True)

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.topics) or 'nothing'}"

    @property
    def topics(self) -> list[str]:
        return [topic for topic in Topic.values if getattr(self, topic)]


class PushQuerySet(models.QuerySet):
    def due_for_sending(self, *, now: datetime, stale_before: datetime):
        """Pushes a worker should (re)try: pending ones, and ones claimed by a worker
        that has not finished them since ``stale_before`` (it died or was cut off)."""
        return self.filter(
            Q(status=Push.Status.PENDING)
            | Q(status=Push.Status.SENDING, claimed_at__lt=stale_before)
        ).filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))


class Push(TimeStampedModel):
    """One notification to one device, written in the same transaction as the event
    that causes it and delivered by the worker. ``key`` names the event, so an event
    pushes once to each device."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200)
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="pushes"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    title = models.CharField(max_length=120)
    body = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=500, default="/")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = PushQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "pushes"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "subscription"], name="notifications_push_once"
            )
        ]
        indexes = [models.Index(fields=["status", "retry_at"])]

    def __str__(self) -> str:
        return f"{self.title} → {self.subscription_id}"
