"""Every read of the training log. Each takes a client that an ownership-checked
selector returned (``clients.selectors``), or the acting trainer."""

from training.selectors.progress import (
    BALANCE_WEEKS,
    EPLEY_MAX_REPS,
    LB_TO_KG,
    WEEKS,
    Progress,
    progress_for_client,
)
from training.selectors.workouts import (
    PatternResult,
    day_for_logging,
    recent_results,
    workout_for_trainer,
    workout_get,
    workout_list_for_client,
)

__all__ = [
    "BALANCE_WEEKS",
    "EPLEY_MAX_REPS",
    "LB_TO_KG",
    "WEEKS",
    "PatternResult",
    "Progress",
    "day_for_logging",
    "progress_for_client",
    "recent_results",
    "workout_for_trainer",
    "workout_get",
    "workout_list_for_client",
]
