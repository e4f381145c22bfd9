"""Assessment pieces that other apps' pages include with one line: each loads what
it shows from the ``client`` the page already has (from an ownership-checked
selector)."""

from django import template

from assessments.selectors import (
    ClientSummary,
    assessment_list_for_client,
    assessment_summary_for_client,
)
from clients.models import Client

register = template.Library()

RECENT_ON_CLIENT_PAGE = 3


@register.simple_tag
def recent_assessments(client: Client) -> list:
    """The client's latest assessments, for the client page. ``client`` comes from
    the page's ownership-checked selector."""
    return list(assessment_list_for_client(client=client)[:RECENT_ON_CLIENT_PAGE])


@register.simple_tag
def assessment_summary(client: Client) -> ClientSummary | None:
    """The client's latest assessment in plain words, so that any of the client's
    pages can include ``assessments/_client_summary.html`` with ``client`` alone."""
    return assessment_summary_for_client(client=client)
