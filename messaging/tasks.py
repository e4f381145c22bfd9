from celery import shared_task

from messaging.services import attachments_expire, digests_send


@shared_task
def digest_sweep_task() -> int:
    """On beat: one digest email to each person with a message unread for too long.
    Idempotent (see ``digests_send``)."""
    return digests_send()


@shared_task
def attachment_sweep_task() -> int:
    """On beat: the photos and videos past their keeping time are deleted.
    Idempotent (see ``attachments_expire``)."""
    return attachments_expire()
