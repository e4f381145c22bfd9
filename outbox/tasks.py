import logging
from time import monotonic

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from outbox.services import email_send, email_send_many, email_sweep

logger = logging.getLogger(__name__)

# The share of the soft time limit a batch plans to use: the rest is its margin.
BATCH_SHARE_OF_TIME_LIMIT = 0.8


def batch_deadline(task: Task) -> float | None:
    """The ``time.monotonic()`` reading by which a task sending a batch starts no
    new email: a share of the soft time limit the worker enforces on it (the
    message's own, else the task's, which Celery takes from the settings)."""
    _, soft_limit = task.request.timelimit or (None, None)
    soft_limit = soft_limit or task.soft_time_limit
    if not soft_limit:
        return None
    return monotonic() + soft_limit * BATCH_SHARE_OF_TIME_LIMIT


@shared_task
def email_send_task(email_id: int) -> str | None:
    """Deliver one outbox email. Idempotent: the row is claimed with a conditional
    UPDATE, so a redelivered or duplicated task sends nothing twice. Stopped by the
    soft time limit, the email is back in the outbox, due at once."""
    try:
        status = email_send(email_id=email_id)
    except SoftTimeLimitExceeded:
        logger.warning(
            "Email %s stopped by the time limit; left for the sweep", email_id
        )
        return None
    return status and str(status)


@shared_task(bind=True)
def email_send_many_task(self, email_ids: list[int]) -> int:
    """Deliver a batch of outbox emails over one mail connection; any worker
    process may take a batch while others send theirs. Idempotent: the batch is
    claimed with a conditional UPDATE, so a redelivered or duplicated task sends
    nothing twice. What its time does not allow goes back to the outbox, due."""
    try:
        return email_send_many(email_ids=email_ids, deadline=batch_deadline(self))
    except SoftTimeLimitExceeded:
        logger.warning("Email batch stopped by the time limit; left for the sweep")
        return 0


@shared_task
def outbox_sweep_task() -> int:
    """Dispatch outbox emails that are due, in batches. Idempotent: sending claims
    each row."""
    return email_sweep()


@shared_task
def error_report_sweep_task() -> int:
    """Email the admins the error reports that are due. Idempotent: each report is
    claimed before its emails are written, and they are keyed by report."""
    from outbox.reports import error_report_sweep

    return error_report_sweep()


@shared_task
def heartbeat_record_task() -> None:
    """Stamp the worker's heartbeat, queued by beat: a recent stamp says that beat,
    the broker, a worker and the database all work. Idempotent."""
    from outbox.health import heartbeat_record

    heartbeat_record()
