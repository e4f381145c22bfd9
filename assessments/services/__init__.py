"""Every write to assessment data: ``from assessments.services import
assessment_record``."""

from assessments.services.assessments import (
    RungChoice,
    assessment_accept,
    assessment_delete,
    assessment_record,
    assessment_start,
    rung_jump,
)
from assessments.services.screens import (
    protocol_create,
    protocol_delete,
    protocol_update,
    screen_test_create,
    screen_test_delete,
    screen_test_update,
)

__all__ = [
    "RungChoice",
    "assessment_accept",
    "assessment_delete",
    "assessment_record",
    "assessment_start",
    "protocol_create",
    "protocol_delete",
    "protocol_update",
    "rung_jump",
    "screen_test_create",
    "screen_test_delete",
    "screen_test_update",
]
