"""Every read of assessment data. A trainer sees the built-in tests and protocols and
their own, and only their own clients' assessments; a client only their own."""

from assessments.selectors.assessments import (
    SheetRow,
    assessment_get,
    assessment_list_for_client,
    assessment_list_recent,
    assessment_recommendations,
    assessment_sheet,
    builtin_ladders,
    decisions_for,
    goal_for_client,
    recommendations_for,
    start_options,
)
from assessments.selectors.compare import (
    assessment_compare,
    assessment_summary_for_client,
)
from assessments.selectors.screens import (
    AREA_LABEL,
    AREA_ORDER,
    by_area,
    protocol_get,
    protocol_get_own,
    protocol_in_use,
    protocol_list,
    screen_test_get_own,
    screen_test_in_use,
    screen_test_list,
)

__all__ = [
    "AREA_LABEL",
    "AREA_ORDER",
    "SheetRow",
    "assessment_compare",
    "assessment_get",
    "assessment_list_for_client",
    "assessment_list_recent",
    "assessment_recommendations",
    "assessment_sheet",
    "assessment_summary_for_client",
    "builtin_ladders",
    "by_area",
    "decisions_for",
    "goal_for_client",
    "protocol_get",
    "protocol_get_own",
    "protocol_in_use",
    "protocol_list",
    "recommendations_for",
    "screen_test_get_own",
    "screen_test_in_use",
    "screen_test_list",
    "start_options",
]
