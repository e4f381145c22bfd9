"""The dashboard's client rows, built in Python from plain data (``RowData``).

A page of 25 rows was 25 template renders and about 170 ``{% url %}``: most of the
time of a dashboard whose rows were not cached. Here each URL shape is reversed once
per page (``Links``) and every client's id put in by string substitution, and every
text shown is escaped with ``escape``. The markup is that of a row as it was; the
tests read it as users do.
"""

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape

from dashboard.selectors import RowData
from dashboard.templatetags.dashboard import days_ago
from programming.models import Pattern

# An id no row has, reversed once and replaced by each row's own.
_ID = "2147483647"


class Links:
    """The URLs a page of rows links to, each reversed once."""

    def __init__(self):
        self.index = reverse("dashboard:index")
        self.client = reverse("dashboard:client_detail", kwargs={"pk": _ID})
        self.program = reverse("programming:program_detail", kwargs={"pk": _ID})
        self.assignment = {
            pattern.value: reverse(
                "programming:assignment_edit", args=[_ID, pattern.value]
            )
            for pattern in Pattern
        }


def _tags(row: RowData, links: Links) -> str:
    if not row.tags:
        return ""
    badges = "".join(
        '<a class="badge rounded-pill text-bg-light border text-decoration-none me-1"'
        f' href="{links.index}?tag={escape(quote(name, safe="/"))}">{escape(name)}</a>'
        for name in row.tags
    )
    return f'<span class="d-block d-sm-inline ms-sm-2 tags">{badges}</span>'


def _chip(row: RowData, pattern: Pattern, links: Links) -> str:
    href = links.assignment[pattern.value].replace(_ID, str(row.pk))
    found = row.rungs.get(pattern.value)
    if found is None:
        return (
            '<li class="col"><a class="rung-chip d-block h-100 rounded border px-2 '
            f'py-1 text-decoration-none text-body-secondary" href="{href}">'
            f'<span class="fw-semibold text-body">{pattern.label}</span> '
            '<span class="d-block">Not assigned</span></a></li>'
        )
    variation, position, length = found
    where = f"{position}/{length}" if position else "off ladder"
    name = escape(variation)
    return (
        '<li class="col"><a class="rung-chip d-block h-100 rounded border px-2 py-1 '
        f'text-decoration-none" href="{href}">'
        f'<span class="fw-semibold text-body">{pattern.label}</span> '
        f'<span class="text-body">{where}</span> '
        f'<span class="d-block text-truncate" title="{name}">{name}</span></a></li>'
    )


def client_row(row: RowData, links: Links) -> str:
    """One client's row: name, email and tags; active program, last workout and
    the workouts logged of those planned in four weeks; a chip for each pattern."""
    client_url = links.client.replace(_ID, str(row.pk))
    email = (
        '<span class="text-body-secondary small d-block d-sm-inline ms-sm-2">'
        f"{escape(row.email)}</span>"
        if row.email
        else ""
    )
    if row.program:
        pk, name = row.program
        program = f'<a href="{links.program.replace(_ID, str(pk))}">{escape(name)}</a>'
    else:
        program = '<span class="text-body-secondary">No active program</span>'
    last = (
        f"Last workout {days_ago(row.last_workout)}"
        if row.last_workout
        else "No workout yet"
    )
    compliance = ""
    if row.planned_recently:
        share = round(row.logged_recently / row.planned_recently * 100)
        compliance = (
            '<span class="d-block text-body-secondary compliance">'
            f"{row.logged_recently} of {row.planned_recently} workouts in 4 weeks "
            f"({share}%)</span>"
        )
    chips = "".join(_chip(row, pattern, links) for pattern in Pattern)
    return (
        '<div class="list-group-item client-row">'
        '<div class="d-flex flex-wrap justify-content-between align-items-baseline '
        'gap-2"><div>'
        f'<a class="fw-semibold" href="{client_url}">{escape(row.full_name)}</a>'
        f"{email}{_tags(row, links)}</div>"
        f'<div class="small text-sm-end">{program} '
        f'<span class="d-block text-body-secondary last-workout">{last}</span>'
        f"{compliance}</div></div>"
        '<ul class="list-unstyled row row-cols-2 row-cols-md-3 row-cols-xl-6 g-1 '
        f'mt-1 mb-0 small rungs">{chips}</ul></div>'
    )
