import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from notifications.services import push_send_many, push_sweep
from outbox.tasks import batch_deadline

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def push_send_many_task(self, push_ids: list[int]) -> int:
    """Send a batch of pushes. Idempotent: the batch is claimed with a conditional
    UPDATE, so a redelivered or duplicated task pushes nothing twice. What its time
    does not allow goes back, due."""
    try:
        return push_send_many(push_ids=push_ids, deadline=batch_deadline(self))
    except SoftTimeLimitExceeded:
        logger.warning("Push batch stopped by the time limit; left for the sweep")
        return 0


@shared_task
def push_sweep_task() -> int:
    """Dispatch the pushes that are due, in batches. Idempotent: sending claims each
    row."""
    return push_sweep()
