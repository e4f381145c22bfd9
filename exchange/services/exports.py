"""Exports: a client's data, or the whole business, as one zip built by the worker
and sent as a link by email."""

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from assessments.models import StartDecision
from clients.models import Client
from exchange.archive import BUSINESS_TABLES, Table, archive_write, client_tables
from exchange.models import Export
from exchange.readable import readable_files
from outbox.services import email_queue
from programming.models import AssignmentChange, Prescription, Variation
from training.models import Suggestion, WorkoutExercise

logger = logging.getLogger(__name__)

NOT_ALLOWED = "Only the client, their trainer or the owner may export their data."


def export_path(export: Export) -> Path:
    return Path(settings.EXPORT_ROOT) / export.file_name


def _may_export(user: User, client: Client | None) -> bool:
    if user.is_admin:
        return True
    if client is None:
        return False
    if user.is_trainer:
        return client.trainer_id == user.pk
    return client.user_id == user.pk


@transaction.atomic
def export_request(*, requested_by: User, client: Client | None = None) -> Export:
    """Ask for an export of ``client``'s data (of the whole business without one),
    built by the worker once the transaction commits. The client themselves, their
    trainer and the owner may ask for a client's; only the owner for the business.
    Each request makes a new export: the data may have changed since the last."""
    if not _may_export(requested_by, client):
        raise ValidationError(NOT_ALLOWED)
    export = Export(
        kind=Export.Kind.CLIENT if client else Export.Kind.BUSINESS,
        client=client,
        requested_by=requested_by,
    )
    export.full_clean()
    export.save()
    from exchange.tasks import export_build_task

    transaction.on_commit(lambda: export_build_task.delay(export.pk))
    return export


def _client_rows(table: Table, client: Client) -> QuerySet:
    return table.model.objects.filter(**{table.client_path: client.pk})


def _client_variations(client: Client) -> QuerySet[Variation]:
    """The variations the client's rows name: their assignments and history,
    programs, workouts and assessments' starting points."""
    used = (
        Q(pk__in=client.assignments.values("variation"))
        | Q(
            pk__in=AssignmentChange.objects.filter(assignment__client=client).values(
                "to_variation"
            )
        )
        | Q(
            pk__in=AssignmentChange.objects.filter(assignment__client=client).values(
                "from_variation"
            )
        )
        | Q(
            pk__in=Prescription.objects.filter(day__program__client=client).values(
                "variation"
            )
        )
        | Q(
            pk__in=WorkoutExercise.objects.filter(workout__client=client).values(
                "variation"
            )
        )
        | Q(
            pk__in=StartDecision.objects.filter(assessment__client=client).values(
                "variation"
            )
        )
        | Q(pk__in=Suggestion.objects.filter(client=client).values("from_variation"))
        | Q(pk__in=Suggestion.objects.filter(client=client).values("to_variation"))
    )
    return Variation.objects.filter(used)


def business_tables() -> list[tuple[Table, QuerySet]]:
    """Every row of every table of the business."""
    return [(table, table.model._base_manager.all()) for table in BUSINESS_TABLES]


def export_tables(export: Export) -> list[tuple[Table, QuerySet]]:
    """What an export holds: every table of the business, or the rows of each table
    that are about the client (and the variations they name)."""
    if export.kind == Export.Kind.BUSINESS:
        return business_tables()
    client = export.client
    variations = Table("programming.variation")
    return [
        (variations, _client_variations(client)),
        *((table, _client_rows(table, client)) for table in client_tables()),
    ]


def export_build(*, export_id: int) -> Export | None:
    """Write the export's zip and email its link to whoever asked.

    Idempotent: the export is claimed from pending with a conditional UPDATE, so a
    redelivered task builds nothing twice; the email is keyed by the export. A
    failure marks it failed, with the reason, and tells no one (the owner sees it
    in the admin)."""
    claimed = Export.objects.filter(pk=export_id, status=Export.Status.PENDING).update(
        status=Export.Status.BUILDING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    export = Export.objects.select_related("client", "requested_by").get(pk=export_id)
    try:
        rows = archive_write(
            export_path(export),
            kind=export.kind,
            tables=export_tables(export),
            files=readable_files(export.client) if export.client else None,
        )
    except Exception as exc:
        logger.exception("Export %s failed", export.pk)
        export.status = Export.Status.FAILED
        export.error = str(exc)[:500]
        export.save(update_fields=["status", "error", "updated_at"])
        raise
    with transaction.atomic():
        export.status = Export.Status.READY
        export.rows = rows
        export.size = export_path(export).stat().st_size
        export.finished_at = timezone.now()
        export.save(
            update_fields=["status", "rows", "size", "finished_at", "updated_at"]
        )
        email_queue(
            key=f"export-ready:{export.pk}",
            to=export.requested_by.email,
            template="export_ready",
            context={
                "export": export,
                "what": str(export.client) if export.client else "the whole business",
                "url": settings.SITE_URL.rstrip("/") + export.get_absolute_url(),
                "keep_days": settings.EXPORT_KEEP_DAYS,
            },
        )
    return export


def export_sweep(*, now: datetime | None = None) -> int:
    """Delete the zips of exports built more than ``EXPORT_KEEP_DAYS`` ago and mark
    them no longer kept: a copy of a client's data does not lie on the server for
    ever. Returns how many. Safe to run twice at once: each export is marked first,
    then its file deleted."""
    before = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = Export.objects.filter(status=Export.Status.READY, finished_at__lt=before)
    swept = 0
    for export in old.only("pk", "file_token"):
        marked = Export.objects.filter(pk=export.pk, status=Export.Status.READY).update(
            status=Export.Status.EXPIRED, updated_at=timezone.now()
        )
        if marked:
            export_path(export).unlink(missing_ok=True)
            swept += 1
    return swept
