"""Every write of the training log: workouts, and the suggestions they lead to."""

from training.services.suggestions import (
    NOTE_TOO_LONG,
    SUGGESTION_DECIDED,
    coach_settings,
    coach_settings_update,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_refresh,
)
from training.services.workouts import (
    BEFORE_THE_PROGRAM,
    ID_TAKEN,
    IN_THE_FUTURE,
    NOT_THIS_CLIENT,
    NOT_THIS_DAY,
    NOTHING_DONE,
    ExerciseDone,
    SetDone,
    workout_log,
)

__all__ = [
    "BEFORE_THE_PROGRAM",
    "ID_TAKEN",
    "IN_THE_FUTURE",
    "NOTE_TOO_LONG",
    "NOTHING_DONE",
    "NOT_THIS_CLIENT",
    "NOT_THIS_DAY",
    "SUGGESTION_DECIDED",
    "ExerciseDone",
    "SetDone",
    "coach_settings",
    "coach_settings_update",
    "suggestion_accept",
    "suggestion_dismiss",
    "suggestions_refresh",
    "workout_log",
]
