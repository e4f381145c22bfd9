"""Every read of the training log. Selectors of a client's data take a client that
an ownership-checked selector returned (``clients.selectors``), or the acting
trainer."""

from training.selectors.progress import (
    BALANCE_WEEKS,
    EPLEY_MAX_REPS,
    LB_TO_KG,
    WEEKS,
    Progress,
    progress_for_client,
)
from training.selectors.suggestions import (
    Attention,
    attention_for,
    coach_settings,
    suggestion_get,
    suggestion_list_pending,
    with_attention,
)
from training.selectors.workouts import (
    LastTime,
    PatternResult,
    day_for_logging,
    last_time_for_variations,
    recent_results,
    with_compliance,
    with_last_workout,
    workout_get,
    workout_get_for_trainer,
    workout_list_for_client,
    workout_list_for_trainer,
    workout_list_with_exercises,
)

__all__ = [
    "BALANCE_WEEKS",
    "EPLEY_MAX_REPS",
    "LB_TO_KG",
    "WEEKS",
    "Attention",
    "LastTime",
    "PatternResult",
    "Progress",
    "attention_for",
    "coach_settings",
    "day_for_logging",
    "last_time_for_variations",
    "progress_for_client",
    "recent_results",
    "suggestion_get",
    "suggestion_list_pending",
    "with_attention",
    "with_compliance",
    "with_last_workout",
    "workout_get",
    "workout_get_for_trainer",
    "workout_list_for_client",
    "workout_list_for_trainer",
    "workout_list_with_exercises",
]
