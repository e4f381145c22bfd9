"""Programming models, re-exported here: ``from programming.models import Ladder``."""

from programming.models.assignments import Assignment, AssignmentChange
from programming.models.library import (
    Ladder,
    OwnedQuerySet,
    Pattern,
    Rung,
    Variation,
)
from programming.models.prescription import MAX_LOAD, LoadUnit
from programming.models.programs import Prescription, Program, TrainingDay

__all__ = [
    "MAX_LOAD",
    "Assignment",
    "AssignmentChange",
    "Ladder",
    "LoadUnit",
    "OwnedQuerySet",
    "Pattern",
    "Prescription",
    "Program",
    "Rung",
    "TrainingDay",
    "Variation",
]
