from celery import shared_task

from scheduling.services import reminder_sweep

# One sweep sends at most this many batches, well inside the task time limits.
SWEEP_MAX_BATCHES = 20


@shared_task
def reminder_sweep_task() -> int:
    """Email the session reminders that are due. Idempotent: every reminder is
    claimed by a conditional UPDATE before its email is written, so overlapping
    sweeps, retries and redelivered tasks send it once. When one sweep's share was
    not enough, the next is queued at once."""
    sweep = reminder_sweep(max_batches=SWEEP_MAX_BATCHES)
    if not sweep.finished:
        reminder_sweep_task.delay()
    return sweep.written
