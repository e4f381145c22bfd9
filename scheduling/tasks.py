import logging
from time import monotonic

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from scheduling.services import reminder_sweep

logger = logging.getLogger(__name__)

# One sweep sends at most this many batches, well inside the task time limits.
SWEEP_MAX_BATCHES = 20
# The share of the soft time limit a sweep plans to use: the rest is its margin.
SWEEP_SHARE_OF_TIME_LIMIT = 0.8


@shared_task(bind=True)
def reminder_sweep_task(self) -> int:
    """Email the session reminders that are due. Idempotent: every reminder is
    claimed by a conditional UPDATE before its email is written, so overlapping
    sweeps, retries and redelivered tasks send it once. Batches are sized to be
    sent inside the soft time limit; when one sweep's share was not enough, or the
    limit cut it short, the next is queued at once."""
    # The limit the worker enforces: the message's own, else the task's (which
    # Celery takes from CELERY_TASK_SOFT_TIME_LIMIT).
    _, soft_limit = self.request.timelimit or (None, None)
    soft_limit = soft_limit or self.soft_time_limit
    deadline = None
    if soft_limit:
        deadline = monotonic() + soft_limit * SWEEP_SHARE_OF_TIME_LIMIT
    try:
        sweep = reminder_sweep(max_batches=SWEEP_MAX_BATCHES, deadline=deadline)
    except SoftTimeLimitExceeded:
        # What was sent stays sent; the batch's other emails are back in the outbox.
        logger.warning("Reminder sweep stopped by its time limit; queuing the next")
        reminder_sweep_task.delay()
        return 0
    if not sweep.finished:
        reminder_sweep_task.delay()
    return sweep.written
