"""Whether the email path works, as a monitor and the owner need to know it: the
database, the cache, the broker, when the worker last did its periodic work (its
heartbeat) and how long the oldest email that is due has waited."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.db.models import Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from outbox.models import Email, Heartbeat

logger = logging.getLogger(__name__)

WORKER = "worker"
# Beat queues a heartbeat every 30 seconds (CELERY_BEAT_SCHEDULE); a worker that has
# not run one for this long is taken for dead or stuck.
HEARTBEAT_STALE = timedelta(minutes=3)
# An email due for longer than this is stuck: the worker or the mail server is down.
EMAIL_STUCK = timedelta(minutes=5)

WORKER_STALE = (
    "The worker has not reported for {minutes} minutes: emails and reminders are "
    "not going out. Restart the worker (see the README's production section)."
)
WORKER_NEVER = (
    "The worker has never reported: start the worker and beat (see the README's "
    "production section)."
)
EMAILS_STUCK = (
    "Emails have waited {minutes} minutes to be sent. See Email outbox › Emails, "
    "pending and sending."
)


def heartbeat_record(*, name: str = WORKER, now: datetime | None = None) -> Heartbeat:
    """Stamp ``name``'s heartbeat. Idempotent: one row per name, the latest stamp
    wins."""
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": now or timezone.now()}
    )
    return heartbeat


def heartbeat_age(*, name: str = WORKER, now: datetime) -> timedelta | None:
    """How long ago ``name`` last beat; None if it never has."""
    beat_at = (
        Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()
    )
    return None if beat_at is None else max(now - beat_at, timedelta(0))


def email_oldest_due_age(*, now: datetime) -> timedelta:
    """How long the email that has been due longest has waited: pending or being
    sent, from when it was written or, for a retry, from when the retry fell due.
    An email waiting for a later retry is not late yet. Zero when none is due."""
    since = (
        Email.objects.filter(status__in=[Email.Status.PENDING, Email.Status.SENDING])
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        .aggregate(since=Min(Coalesce("retry_at", "created_at")))["since"]
    )
    return timedelta(0) if since is None else max(now - since, timedelta(0))


@dataclass(frozen=True)
class Health:
    database: bool
    cache: bool
    broker: bool
    worker_age: timedelta | None
    email_age: timedelta | None

    @property
    def worker_ok(self) -> bool:
        return self.worker_age is not None and self.worker_age <= HEARTBEAT_STALE

    @property
    def emails_ok(self) -> bool:
        return self.email_age is not None and self.email_age <= EMAIL_STUCK

    @property
    def ok(self) -> bool:
        checks = [self.database, self.cache, self.broker]
        return all(checks) and self.worker_ok and self.emails_ok

    def as_json(self) -> dict:
        """States and ages only: no host, address, count or error text."""

        def seconds(age: timedelta | None) -> int | None:
            return None if age is None else int(age.total_seconds())

        def state(ok: bool) -> str:
            return "ok" if ok else "failing"

        return {
            "status": state(self.ok),
            "database": state(self.database),
            "cache": state(self.cache),
            "broker": state(self.broker),
            "worker": {
                "status": state(self.worker_ok),
                "last_beat_seconds_ago": seconds(self.worker_age),
            },
            "outbox": {
                "status": state(self.emails_ok),
                "oldest_due_seconds": seconds(self.email_age),
            },
        }


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("Health: the database did not answer", exc_info=True)
        return False
    return True


def _cache() -> bool:
    try:
        cache.get("health-probe")
    except Exception:
        logger.warning("Health: the cache did not answer", exc_info=True)
        return False
    return True


def _broker() -> bool:
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        logger.warning("Health: the broker did not answer", exc_info=True)
        return False
    return True


def health_check(*, now: datetime | None = None) -> Health:
    """Every part the email path needs, each tried once. The ages are None when the
    database cannot be read."""
    now = now or timezone.now()
    database = _database()
    worker_age = email_age = None
    if database:
        try:
            worker_age = heartbeat_age(now=now)
            email_age = email_oldest_due_age(now=now)
        except Exception:
            logger.warning("Health: the outbox could not be read", exc_info=True)
            database = False
    return Health(
        database=database,
        cache=_cache(),
        broker=_broker(),
        worker_age=worker_age,
        email_age=email_age,
    )


def health_warnings(*, now: datetime | None = None) -> list[str]:
    """What the owner is told on the admin's index and the outbox's list: a worker
    that stopped reporting, emails stuck. Two queries."""
    now = now or timezone.now()
    warnings = []
    worker_age = heartbeat_age(now=now)
    if worker_age is None:
        warnings.append(WORKER_NEVER)
    elif worker_age > HEARTBEAT_STALE:
        warnings.append(
            WORKER_STALE.format(minutes=int(worker_age.total_seconds()) // 60)
        )
    email_age = email_oldest_due_age(now=now)
    if email_age > EMAIL_STUCK:
        warnings.append(
            EMAILS_STUCK.format(minutes=int(email_age.total_seconds()) // 60)
        )
    return warnings
