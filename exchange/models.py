"""Exports of a client's data or the whole business, and imports of clients from a
spreadsheet."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel


def _file_token() -> str:
    return secrets.token_urlsafe(24)


class Export(TimeStampedModel):
    """A zip of JSON and CSV files, built by the worker and emailed as a link to the
    person who asked for it, the only one who may download it."""

    class Kind(models.TextChoices):
        CLIENT = "client", "One client"
        BUSINESS = "business", "The whole business"

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "No longer kept"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The client whose data it holds; empty for the whole business.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    file_token = models.CharField(max_length=64, unique=True, default=_file_token)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    rows = models.JSONField(
        default=dict, blank=True, help_text="Rows written, per table."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="business", client__isnull=True)
                | models.Q(kind="client", client__isnull=False),
                name="export_client_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        what = self.client or "the whole business"
        return f"Export of {what} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:export_download", kwargs={"pk": self.pk})

    @property
    def file_name(self) -> str:
        return f"{self.file_token}.zip"

    @property
    def download_name(self) -> str:
        stamp = f"{self.created_at:%Y-%m-%d}"
        if self.kind == self.Kind.BUSINESS:
            return f"coach-export-{stamp}.zip"
        return f"client-{self.client_id}-export-{stamp}.zip"


class ClientImport(TimeStampedModel):
    """A spreadsheet of clients, read and checked row by row: previewed first, then
    applied once, all its valid rows in one transaction."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        APPLIED = "applied", "Imported"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(
        default=list,
        help_text="Each row as read: its line, its values and its problems.",
    )
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.PREVIEWED
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(
        default=dict, blank=True, help_text="Rows created, unchanged and refused."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:import_detail", kwargs={"pk": self.pk})
