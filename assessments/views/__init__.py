"""The assessment pages, re-exported for ``urls.py``."""

from assessments.views.assessments import (
    assessment_accept_view,
    assessment_compare_view,
    assessment_delete_view,
    assessment_detail,
    assessment_list,
    assessment_new,
    assessment_record_view,
    my_assessment,
    rules_view,
)
from assessments.views.screens import (
    protocol_delete_view,
    protocol_detail,
    protocol_edit,
    protocol_list_view,
    protocol_new,
    screentest_delete,
    screentest_edit,
    screentest_new,
)

__all__ = [
    "assessment_accept_view",
    "assessment_compare_view",
    "assessment_delete_view",
    "assessment_detail",
    "assessment_list",
    "assessment_new",
    "assessment_record_view",
    "my_assessment",
    "protocol_delete_view",
    "protocol_detail",
    "protocol_edit",
    "protocol_list_view",
    "protocol_new",
    "rules_view",
    "screentest_delete",
    "screentest_edit",
    "screentest_new",
]
