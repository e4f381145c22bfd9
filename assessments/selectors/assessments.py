"""Reads of assessments, their results and what they recommend. A trainer reaches
only their own clients' assessments."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from assessments import rules
from assessments.models import (
    Assessment,
    ProtocolTest,
    Result,
    ScreenTest,
    StartDecision,
)
from clients.models import Client
from programming.models import Rung
from programming.selectors import StartingPoint, Target, starting_points


def _newest_first(client: Client) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(client=client)
        .select_related("protocol")
        .order_by("-assessed_on", "-pk")
    )


def assessment_list_recent(*, client: Client, limit: int = 3) -> list[Assessment]:
    """The client's last few assessments, newest first, each with its protocol: the
    client page's list (which counts no results)."""
    return list(_newest_first(client)[:limit])


def assessment_list_for_client(*, client: Client) -> QuerySet[Assessment]:
    """The client's assessments, newest first, each with its protocol and number of
    results. ``client`` comes from an ownership-checked selector."""
    return _newest_first(client).annotate(result_count=Count("results"))


def assessment_get(*, trainer: User, pk: int) -> Assessment:
    """An assessment of one of the trainer's clients, or 404."""
    return get_object_or_404(
        Assessment.objects.for_trainer(trainer).select_related(
            "client", "protocol", "assessed_by"
        ),
        pk=pk,
    )


@dataclass
class SheetRow:
    """One test of an assessment's protocol with its result, if any."""

    test: ScreenTest
    result: Result | None

    @property
    def pattern(self) -> str:
        return self.test.pattern


def assessment_sheet(*, assessment: Assessment) -> list[SheetRow]:
    """The protocol's tests in order, each with its result in this assessment. Two
    queries, whatever the number of tests."""
    results = {
        r.test_id: r
        for r in Result.objects.filter(assessment=assessment).select_related("test")
    }
    items = ProtocolTest.objects.filter(protocol_id=assessment.protocol_id)
    return [
        SheetRow(item.test, results.get(item.test_id))
        for item in items.select_related("test")
    ]


def rule_values(rows: list[SheetRow]) -> dict[str, Any]:
    """The plain mapping the rules read: {built-in test key: value}."""
    return {
        row.test.key: row.result.value
        for row in rows
        if row.result is not None and row.test.key
    }


def builtin_ladders() -> dict[str, list[rules.Rung]]:
    """The built-in ladders as the rules see them (the coach's method is written
    against these). One query."""
    ladders: dict[str, list[rules.Rung]] = defaultdict(list)
    for rung in (
        Rung.objects.filter(ladder__owner=None)
        .select_related("ladder", "variation")
        .order_by("ladder__pattern", "position")
    ):
        ladders[rung.ladder.pattern].append(
            rules.Rung(
                rung.variation.name, rung.variation.from_floor, rung.variation_id
            )
        )
    return dict(ladders)


def recommendations_for(rows: list[SheetRow]) -> dict[str, dict]:
    """The recommendation per pattern the rows' results lead to, as plain data, for
    the patterns the protocol's tests speak to."""
    patterns = rules.patterns_for(row.test.key for row in rows if row.test.key)
    if not patterns:
        return {}
    found = rules.recommend(rule_values(rows), builtin_ladders(), patterns)
    return {pattern: r.as_data() for pattern, r in found.items()}


def assessment_recommendations(
    *, assessment: Assessment, rows: list[SheetRow]
) -> dict[str, dict]:
    """What a finished assessment recommended when it was finished; for a draft,
    what its results so far would recommend."""
    if assessment.is_draft:
        return recommendations_for(rows)
    return assessment.recommendations


def decisions_for(*, assessment: Assessment) -> dict[str, StartDecision]:
    """The starting rungs the trainer set from this assessment, by pattern."""
    return {
        d.pattern: d
        for d in StartDecision.objects.filter(assessment=assessment).select_related(
            "variation", "ladder", "decided_by"
        )
    }


# --- Where to start: the ladders the recommendation lands on ------------------------


def start_options(
    *, trainer: User, recommendations: Mapping[str, dict]
) -> dict[str, StartingPoint]:
    """Where each recommendation lands for a client of ``trainer``: the starting
    point of ``programming``, which decides the ladder, the rung and the dose."""
    return starting_points(
        trainer=trainer,
        targets={
            pattern: Target(rec.get("variation_id"), rec.get("position"))
            for pattern, rec in recommendations.items()
        },
    )


def goal_for_client(*, client: Client) -> str | None:
    """The client's goal as their latest finished assessment records it
    ("strength", "power", "muscle", "everyday"), or None."""
    return (
        Result.objects.filter(
            assessment__client=client,
            assessment__status=Assessment.Status.DONE,
            test__key="goal",
        )
        .exclude(choice="")
        .order_by("-assessment__assessed_on", "-assessment__pk")
        .values_list("choice", flat=True)
        .first()
    )
