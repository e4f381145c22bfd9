from celery import shared_task

from outbox.services import email_send, email_sweep


@shared_task
def email_send_task(email_id: int) -> str | None:
    """Deliver one outbox email. Idempotent: the row is claimed with a conditional
    UPDATE, so a redelivered or duplicated task sends nothing twice."""
    status = email_send(email_id=email_id)
    return status and str(status)


@shared_task
def outbox_sweep_task() -> int:
    """Dispatch outbox emails that are due. Idempotent: sending claims each row."""
    return email_sweep()
