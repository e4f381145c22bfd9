"""Assessment models, re-exported: ``from assessments.models import Assessment``."""

from assessments.models.assessments import Assessment, Result, StartDecision
from assessments.models.screens import (
    PATTERN_OR_GENERAL,
    Protocol,
    ProtocolTest,
    ScreenTest,
)

__all__ = [
    "PATTERN_OR_GENERAL",
    "Assessment",
    "Protocol",
    "ProtocolTest",
    "Result",
    "ScreenTest",
    "StartDecision",
]
