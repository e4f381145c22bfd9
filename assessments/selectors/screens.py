"""Reads of tests and protocols: a trainer sees the built-in ones and their own."""

from collections import defaultdict

from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from assessments.models import (
    PATTERN_OR_GENERAL,
    Protocol,
    ProtocolTest,
    ScreenTest,
)

AREA_ORDER = [value for value, _ in PATTERN_OR_GENERAL]  # general, then the six
AREA_LABEL = dict(PATTERN_OR_GENERAL)


def screen_test_list(*, trainer: User) -> QuerySet[ScreenTest]:
    """Tests the trainer may use: the built-in ones in the coach's order, then their
    own in the order they made them."""
    return ScreenTest.objects.visible_to(trainer).order_by(
        F("owner_id").asc(nulls_first=True), "pk"
    )


def screen_test_get_own(*, trainer: User, pk: int) -> ScreenTest:
    """One of the trainer's own tests (the ones they may edit), or 404."""
    return get_object_or_404(ScreenTest.objects.owned_by(trainer), pk=pk)


def protocol_list(*, trainer: User) -> QuerySet[Protocol]:
    """Protocols the trainer may use, each with its number of tests."""
    return Protocol.objects.visible_to(trainer).annotate(test_count=Count("items"))


def _with_tests(protocols: QuerySet[Protocol]) -> QuerySet[Protocol]:
    return protocols.prefetch_related(
        Prefetch("items", queryset=ProtocolTest.objects.select_related("test"))
    )


def protocol_get(*, trainer: User, pk: int) -> Protocol:
    """A built-in protocol or one of the trainer's own, with its tests, or 404."""
    return get_object_or_404(_with_tests(Protocol.objects.visible_to(trainer)), pk=pk)


def protocol_get_own(*, trainer: User, pk: int) -> Protocol:
    """One of the trainer's own protocols, with its tests, or 404."""
    return get_object_or_404(_with_tests(Protocol.objects.owned_by(trainer)), pk=pk)


def protocol_in_use(protocol: Protocol) -> bool:
    return protocol.assessments.exists()


def screen_test_in_use(test: ScreenTest) -> bool:
    return test.results.exists()


def by_area(items, area=lambda item: item.pattern) -> list[tuple[str, str, list]]:
    """``items`` grouped by pattern, general first, then the six in the coach's
    order: [(area, label, items)], only the areas that have items."""
    groups = defaultdict(list)
    for item in items:
        groups[area(item)].append(item)
    return [(a, AREA_LABEL[a], groups[a]) for a in AREA_ORDER if groups.get(a)]
