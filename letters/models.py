"""A newsletter issue: written by the owner, sent once to every confirmed subscriber
(and, if the owner asks, the clients who agreed), one email per address."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel

SUBJECT_MAX = 200
BODY_MAX = 50_000


class IssueQuerySet(models.QuerySet):
    def due(self, *, now):
        """Issues whose sending time has come and that are not queued yet."""
        return self.filter(status=Issue.Status.SCHEDULED, send_at__lte=now)


class Issue(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=SUBJECT_MAX)
    body = models.TextField(
        max_length=BODY_MAX,
        help_text="Markdown: **bold**, *italic*, [a link](https://…), lists, "
        "headings with ##.",
    )
    # The page this issue was made from (a blog post), linked at its end.
    source_url = models.URLField(
        "from the page",
        blank=True,
        help_text="Optional: the article this issue is made from, linked at its end.",
    )
    include_clients = models.BooleanField(
        "also to clients who agreed",
        default=False,
        help_text="Clients who agreed to the newsletter get it too; someone who is "
        "both gets one copy.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(
        default=0, help_text="The emails queued: one per address."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(send_at__isnull=False),
                name="letters_issue_scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("letters:issue_detail", kwargs={"pk": self.pk})

    @property
    def email_key_prefix(self) -> str:
        """Every outbox key of this issue's emails starts with it."""
        return f"letter:{self.pk}:"

    @property
    def is_on_its_way(self) -> bool:
        """Being queued or sent: its counts change by the second."""
        due = self.status == self.Status.SCHEDULED and self.send_at <= timezone.now()
        return due or self.status == self.Status.SENDING

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)
