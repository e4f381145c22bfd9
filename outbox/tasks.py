import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from outbox.services import email_send, email_sweep

logger = logging.getLogger(__name__)


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


@shared_task
def outbox_sweep_task() -> int:
    """Dispatch outbox emails that are due. Idempotent: sending claims each row."""
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
