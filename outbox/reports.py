"""Server errors, reported to the admins through the outbox: each error counted once
a period on its ``ErrorReport`` (by ``outbox.handlers.ErrorReportHandler``), and
each report emailed once, by beat, a little after its first occurrence, with the
count so far. A flood of one error is one email."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from outbox.models import ErrorReport
from outbox.services import absolute_url, email_queue

# The same error is emailed at most once in each period (clock hours, in UTC).
PERIOD = timedelta(hours=1)
# A report waits this long after the error's first occurrence before it is emailed,
# so that a burst of the error is one email with its count.
GATHER = timedelta(minutes=1)


def period_start(now: datetime) -> datetime:
    """The start of the period ``now`` falls in."""
    seconds = int(PERIOD.total_seconds())
    stamp = int(now.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, tz=UTC)


def admin_addresses() -> list[str]:
    """The addresses of ``ADMINS``, as pairs (name, address) or bare addresses."""
    return [
        entry[1] if isinstance(entry, list | tuple) else entry
        for entry in settings.ADMINS
    ]


def error_report_record(
    *, fingerprint: str, title: str, details: str, now: datetime | None = None
) -> ErrorReport:
    """Count one occurrence of an error on its report for the period, created at
    the first. Safe under races: the report is unique per error and period, and
    every occurrence is one conditional UPDATE of its count."""
    now = now or timezone.now()
    start = period_start(now)
    same = ErrorReport.objects.filter(fingerprint=fingerprint, period_start=start)
    bump = {"count": F("count") + 1, "last_at": now, "updated_at": now}
    if not same.update(**bump):
        try:
            with transaction.atomic():
                return ErrorReport.objects.create(
                    fingerprint=fingerprint,
                    period_start=start,
                    title=title,
                    details=details,
                    first_at=now,
                    last_at=now,
                )
        except IntegrityError:  # another process created it first
            same.update(**bump)
    return same.get()


def error_report_sweep(*, now: datetime | None = None, limit: int = 100) -> int:
    """Email each report whose first occurrence is at least ``GATHER`` old and that
    has not been emailed, to every address of ``ADMINS``, through the outbox.
    Returns how many reports were emailed.

    Idempotent: each report is claimed with a conditional UPDATE of ``emailed_at``
    in the same transaction as its emails, each keyed by report and address."""
    now = now or timezone.now()
    due = ErrorReport.objects.filter(
        emailed_at__isnull=True, first_at__lte=now - GATHER
    ).order_by("first_at")
    emailed = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            claimed = ErrorReport.objects.filter(pk=pk, emailed_at__isnull=True)
            if not claimed.update(emailed_at=now, updated_at=now):
                continue
            report = ErrorReport.objects.get(pk=pk)
            url = absolute_url(reverse("admin:outbox_errorreport_change", args=[pk]))
            for address in admin_addresses():
                email_queue(
                    key=f"error-report:{pk}:{address}"[:200],
                    to=address,
                    template="error_report",
                    context={"report": report, "url": url},
                )
        emailed += 1
    return emailed
