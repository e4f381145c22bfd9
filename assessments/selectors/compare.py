"""Two assessments side by side, and the client's own summary."""

from dataclasses import dataclass, field

from assessments import rules
from assessments.models import (
    Assessment,
    ProtocolTest,
    Result,
    ScreenTest,
    StartDecision,
)
from assessments.selectors.assessments import (
    decisions_for,
)
from assessments.selectors.screens import AREA_LABEL, AREA_ORDER, by_area
from clients.models import Client
from programming.models import Assignment, AssignmentChange
from programming.selectors import assignment_list_with_last_move


@dataclass
class ComparedRow:
    test: ScreenTest
    before: Result | None
    after: Result | None

    @property
    def pattern(self) -> str:
        return self.test.pattern

    @property
    def change(self) -> str:
        """better, worse, same (by the rules' order when they read the test),
        changed, added, removed, or "" when neither has a result."""
        before = self.before.value if self.before else None
        after = self.after.value if self.after else None
        if before is None and after is None:
            return ""
        if before is None:
            return "added"
        if after is None:
            return "removed"
        return rules.compare(self.test.key, before, after) or (
            "same" if before == after else "changed"
        )


@dataclass
class ComparedPattern:
    pattern: str
    label: str
    before: dict | None
    after: dict | None

    @property
    def moved(self) -> int | None:
        if not self.before or not self.after:
            return None
        return self.after["position"] - self.before["position"]

    @property
    def steps(self) -> int:
        return abs(self.moved or 0)


@dataclass
class Comparison:
    before: Assessment
    after: Assessment
    groups: list[tuple[str, str, list[ComparedRow]]] = field(default_factory=list)
    patterns: list[ComparedPattern] = field(default_factory=list)

    @property
    def changed_rows(self) -> list[ComparedRow]:
        return [
            row
            for _, _, rows in self.groups
            for row in rows
            if row.change not in ("", "same")
        ]


def assessment_compare(*, first: Assessment, second: Assessment) -> Comparison:
    """Two finished assessments of one client side by side, the older one first:
    every test either protocol holds, with both results and what changed, and the
    recommendation per pattern. Two queries, whatever the number of tests."""
    before, after = sorted([first, second], key=lambda a: (a.assessed_on, a.pk))
    results = {
        (r.assessment_id, r.test_id): r
        for r in Result.objects.filter(
            assessment_id__in=[before.pk, after.pk]
        ).select_related("test")
    }
    tests: dict[int, ScreenTest] = {}
    for item in ProtocolTest.objects.filter(
        protocol_id__in={before.protocol_id, after.protocol_id}
    ).select_related("test"):
        tests.setdefault(item.test_id, item.test)
    for result in results.values():  # a test since removed from its protocol
        tests.setdefault(result.test_id, result.test)
    rows = [
        ComparedRow(test, results.get((before.pk, pk)), results.get((after.pk, pk)))
        for pk, test in tests.items()
    ]
    comparison = Comparison(before, after, by_area(rows))
    old, new = before.recommendations, after.recommendations
    comparison.patterns = [
        ComparedPattern(p, AREA_LABEL[p], old.get(p), new.get(p))
        for p in AREA_ORDER
        if p in old or p in new
    ]
    return comparison


# --- What the client sees ------------------------------------------------------------


# How the client got onto their current rung, in their words; the template adds
# the date.
MOVED_UP = "your trainer moved you up on"
MOVED_DOWN = "your trainer moved you back a rung on"
STARTED_HERE = "your trainer started you here on"
CHANGED = "your trainer changed it on"


@dataclass
class PatternSummary:
    """One pattern of the client's summary: what the assessment suggested, where
    the trainer started them from it, and where they are now, kept apart."""

    pattern: str
    label: str
    recommendation: dict
    decision: StartDecision | None
    now: Assignment | None

    @property
    def moved(self) -> str:
        """How the client got onto the rung they are on now, e.g. "your trainer
        moved you up on" (the date follows), or "" when unknown."""
        if self.now is None or self.now.moved_at is None:
            return ""
        if self.now.moved_kind == AssignmentChange.Kind.PROGRESS:
            return MOVED_UP
        if self.now.moved_kind == AssignmentChange.Kind.REGRESS:
            return MOVED_DOWN
        return STARTED_HERE if self.now.moved_from_id is None else CHANGED


@dataclass
class ClientSummary:
    assessment: Assessment
    patterns: list[PatternSummary]
    previous: Assessment | None
    changes: list[ComparedRow]


def assessment_summary_for_client(*, client: Client) -> ClientSummary | None:
    """The client's latest finished assessment in plain words: per pattern what it
    suggested and why, beside where the client is now (their current rung, and
    when and how they got there), and what changed since the assessment before.
    At most six queries, whatever the number of tests, assessments or changes."""
    latest_two = list(
        Assessment.objects.done().filter(client=client).select_related("protocol")[:2]
    )
    if not latest_two:
        return None
    latest = latest_two[0]
    previous = latest_two[1] if len(latest_two) > 1 else None
    decisions = decisions_for(assessment=latest)
    now = {a.pattern: a for a in assignment_list_with_last_move(client=client)}
    patterns = [
        PatternSummary(
            p,
            AREA_LABEL[p],
            latest.recommendations[p],
            decisions.get(p),
            now.get(p),
        )
        for p in AREA_ORDER
        if p in latest.recommendations
    ]
    changes = []
    if previous is not None:
        changes = assessment_compare(first=previous, second=latest).changed_rows
    return ClientSummary(latest, patterns, previous, changes)
