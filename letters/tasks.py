from celery import shared_task

from letters.services import issue_queue, issue_sweep


@shared_task
def issue_queue_task(issue_id: int) -> int:
    """Queue a due issue's emails. Idempotent: an issue is queued once."""
    return issue_queue(issue_id=issue_id)


@shared_task
def issue_sweep_task() -> int:
    """Queue the issues whose time has come; mark finished ones sent. Idempotent."""
    return issue_sweep()
