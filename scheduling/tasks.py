import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from outbox.tasks import batch_deadline
from scheduling.services import reminder_sweep

logger = logging.getLogger(__name__)


def _next_sweep() -> None:
    """Queue the next sweep, for whichever worker process is free. With the broker
    down, beat's next sweep carries on."""
    try:
        reminder_sweep_task.delay()
    except Exception:  # the broker's errors vary by transport
        logger.warning("Broker unavailable; the next reminder sweep waits for beat")


@shared_task(bind=True)
def reminder_sweep_task(self) -> int:
    """Email the session reminders that are due, one batch a task. Idempotent: every
    reminder is claimed by a conditional UPDATE before its email is written, so
    overlapping sweeps, retries and redelivered tasks send it once. A full batch
    queues the next sweep as soon as it is claimed, so that another worker process
    claims the next batch while this one sends; a batch is sized to be sent inside
    the soft time limit, and when the limit cut it short, the next is queued."""
    handed_off = []  # in a worker, the hand-off runs as soon as the claim commits

    def hand_off() -> None:
        handed_off.append(True)
        _next_sweep()

    try:
        sweep = reminder_sweep(deadline=batch_deadline(self), hand_off=hand_off)
    except SoftTimeLimitExceeded:
        # What was sent stays sent; the batch's other emails are back in the outbox.
        logger.warning("Reminder sweep stopped by its time limit; queuing the next")
        if not handed_off:
            _next_sweep()
        return 0
    if not sweep.finished and not sweep.handed_off:  # time ran out between batches
        _next_sweep()
    return sweep.written
