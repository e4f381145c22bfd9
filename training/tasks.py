from celery import shared_task

from training.services import suggestions_judge_logged, suggestions_sweep


@shared_task
def suggestions_judge_task(client_id: int) -> int:
    """Make the suggestions of the client's workouts saved since the last run, a
    moment after each save. Idempotent: each workout is marked judged in the same
    transaction, and the rules make the same suggestion from the same workouts."""
    return len(suggestions_judge_logged(client_id=client_id))


@shared_task
def suggestions_sweep_task() -> int:
    """Every minute (beat): dispatch again the workouts whose task was lost."""
    return suggestions_sweep()
