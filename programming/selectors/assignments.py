"""Reads of assignments: where each client stands on each ladder."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from clients.models import Client
from programming.models import Assignment, AssignmentChange, Pattern, Program, Rung

HISTORY_ON_CLIENT_PAGE = 10
RECENT_CHANGE_DAYS = 14  # how long a client's program tells them of a change
# What a list of clients shows of each assignment: the rung chip, nothing more.
DASHBOARD_ASSIGNMENT_FIELDS = ["client_id", "pattern", "variation__name"]


def with_rung(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate each assignment with ``rung_position`` (None when its variation is
    off its ladder) and ``ladder_length``, in the same query."""
    position = Rung.objects.filter(
        ladder=OuterRef("ladder_id"), variation=OuterRef("variation_id")
    ).values("position")[:1]
    length = (
        Rung.objects.filter(ladder=OuterRef("ladder_id"))
        .order_by()
        .values("ladder")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return assignments.annotate(
        rung_position=Subquery(position), ladder_length=Subquery(length)
    )


def pattern_from_slug(slug: str) -> Pattern:
    """The pattern named in a URL, or 404."""
    try:
        return Pattern(slug)
    except ValueError:
        raise Http404("No such pattern") from None


def by_pattern(assignments) -> list[tuple[Pattern, Assignment | None]]:
    """All six patterns in the coach's order, each with its assignment or None."""
    found = {a.pattern: a for a in assignments}
    return [(pattern, found.get(pattern)) for pattern in Pattern]


def clients_with_programming(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Add to each client ``current_assignments`` (with rung position and ladder
    length) and ``active_programs`` (zero or one): two queries for any number of
    clients. The trainer dashboard uses it."""
    return clients.prefetch_related(
        Prefetch(
            "assignments",
            queryset=with_rung(
                Assignment.objects.current()
                .select_related("variation")
                .only(*DASHBOARD_ASSIGNMENT_FIELDS)
            ),
            to_attr="current_assignments",
        ),
        Prefetch(
            "programs",
            queryset=Program.objects.active().only("pk", "name", "client_id"),
            to_attr="active_programs",
        ),
    )


def clients_on_rung(
    clients: QuerySet[Client], *, pattern: str, position: int | None
) -> QuerySet[Client]:
    """Those of ``clients`` whose current variation for ``pattern`` is rung
    ``position`` of their ladder; with None, those with no current assignment for
    it."""
    current = Assignment.objects.current().filter(
        client=OuterRef("pk"), pattern=pattern
    )
    if position is None:
        return clients.filter(~Exists(current))
    on_rung = Rung.objects.filter(
        ladder=OuterRef("ladder_id"),
        variation=OuterRef("variation_id"),
        position=position,
    )
    return clients.filter(Exists(current.filter(Exists(on_rung))))


def assignment_list_for_client(*, client: Client) -> QuerySet[Assignment]:
    """The client's current assignments, with variation, ladder, rung position and
    ladder length. ``client`` comes from an ownership-checked selector."""
    return with_rung(
        Assignment.objects.current()
        .for_client(client)
        .select_related("variation", "ladder")
    )


def assignment_list_with_last_move(*, client: Client) -> QuerySet[Assignment]:
    """The client's current assignments as ``assignment_list_for_client`` gives them,
    each also with the last change of its variation: ``moved_kind`` (set, progress
    or regress), ``moved_at`` and ``moved_from_id`` (None when it was the first).
    A change of the prescription alone is not a move. One query."""
    last = (
        AssignmentChange.objects.filter(assignment=OuterRef("pk"))
        .exclude(kind=AssignmentChange.Kind.PRESCRIPTION)
        .order_by("-created_at", "-pk")
    )
    return assignment_list_for_client(client=client).annotate(
        moved_kind=Subquery(last.values("kind")[:1]),
        moved_at=Subquery(last.values("created_at")[:1]),
        moved_from_id=Subquery(last.values("from_variation_id")[:1]),
    )


def assignment_changes_told(
    *, client: Client, now: datetime | None = None
) -> QuerySet[AssignmentChange]:
    """The changes the client was told of lately (a move to another variation, or a
    new load), newest first: what "My program" says, whoever made the change."""
    since = (now or timezone.now()) - timedelta(days=RECENT_CHANGE_DAYS)
    return (
        AssignmentChange.objects.filter(
            assignment__client=client, told_client=True, created_at__gte=since
        )
        .select_related("assignment", "to_variation")
        .order_by("-created_at", "-pk")
    )


def assignment_get_current(*, client: Client, pattern: str) -> Assignment | None:
    """The client's current assignment on ``pattern``, or None."""
    return assignment_list_for_client(client=client).filter(pattern=pattern).first()


def assignment_history(
    *, client: Client, pattern: str = "", limit: int | None = None
) -> QuerySet[AssignmentChange]:
    """The client's assignment changes, newest first, ready to list."""
    changes = AssignmentChange.objects.filter(assignment__client=client).select_related(
        "assignment", "from_variation", "to_variation", "changed_by"
    )
    if pattern:
        changes = changes.filter(assignment__pattern=pattern)
    return changes[:limit] if limit else changes


@dataclass(frozen=True)
class LadderStanding:
    """Where a client stands on one pattern: their rung and the one above it."""

    pattern: Pattern
    assignment: Assignment
    rungs: list[Rung]
    position: int | None

    @property
    def next_rung(self) -> Rung | None:
        if self.position is None or self.position >= len(self.rungs):
            return None
        return self.rungs[self.position]


def ladder_standings(*, client: Client) -> list[LadderStanding]:
    """For each pattern the client is assigned, the whole ladder with their place on
    it. Two queries, whatever the number of patterns or rungs."""
    assignments = (
        Assignment.objects.current()
        .for_client(client)
        .select_related("variation", "ladder")
        .prefetch_related(
            Prefetch(
                "ladder__rungs",
                queryset=Rung.objects.select_related("variation").order_by("position"),
            )
        )
    )
    standings = []
    for pattern, assignment in by_pattern(assignments):
        if assignment is None:
            continue
        rungs = list(assignment.ladder.rungs.all())
        position = next(
            (r.position for r in rungs if r.variation_id == assignment.variation_id),
            None,
        )
        standings.append(LadderStanding(pattern, assignment, rungs, position))
    return standings
