"""Reads of the movement library. A trainer sees the built-in rows and their own."""

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from accounts.models import User
from programming.models import Ladder, Pattern, Rung, Variation


def variation_list(
    *, trainer: User, pattern: str = "", search: str = ""
) -> QuerySet[Variation]:
    """Variations the trainer may use (built-in and their own), filtered."""
    variations = Variation.objects.visible_to(trainer).in_pattern_order()
    if pattern:
        variations = variations.for_pattern(pattern)
    if search:
        variations = variations.search(search)
    return variations


def variation_get(*, trainer: User, pk: int) -> Variation:
    """A built-in variation or one of the trainer's own, or 404."""
    return get_object_or_404(Variation.objects.visible_to(trainer), pk=pk)


def variation_get_own(*, trainer: User, pk: int) -> Variation:
    """One of the trainer's own variations (the ones they may edit), or 404."""
    return get_object_or_404(Variation.objects.owned_by(trainer), pk=pk)


def ladder_list(*, trainer: User, pattern: str = "") -> QuerySet[Ladder]:
    """Ladders the trainer may use, each with its number of rungs."""
    ladders = Ladder.objects.visible_to(trainer).annotate(rung_count=Count("rungs"))
    return ladders.for_pattern(pattern) if pattern else ladders


def _with_rungs(ladders: QuerySet[Ladder]) -> QuerySet[Ladder]:
    return ladders.prefetch_related(
        Prefetch("rungs", queryset=Rung.objects.select_related("variation"))
    )


def ladder_get(*, trainer: User, pk: int) -> Ladder:
    """A built-in ladder or one of the trainer's own, rungs included, or 404."""
    return get_object_or_404(_with_rungs(Ladder.objects.visible_to(trainer)), pk=pk)


def ladder_get_own(*, trainer: User, pk: int) -> Ladder:
    """One of the trainer's own ladders (the ones they may edit), or 404."""
    return get_object_or_404(_with_rungs(Ladder.objects.owned_by(trainer)), pk=pk)


def rung_get_own(*, trainer: User, ladder_pk: int, position: int) -> Rung:
    """The rung at ``position`` on one of the trainer's own ladders, or 404."""
    return get_object_or_404(
        Rung.objects.filter(ladder__owner=trainer).select_related(
            "ladder", "variation"
        ),
        ladder_id=ladder_pk,
        position=position,
    )


def ladders_in_use(*, trainer: User) -> dict[str, Ladder]:
    """For each pattern, the ladder the trainer's clients move on: the trainer's own
    default if they chose one, else the built-in ladder. One query."""
    in_use: dict[str, Ladder] = {}
    for ladder in Ladder.objects.filter(owner=None) | Ladder.objects.filter(
        owner=trainer, is_default=True
    ):
        if ladder.pattern not in in_use or not ladder.is_builtin:
            in_use[ladder.pattern] = ladder
    return in_use


def ladders_with_rungs(*, trainer: User) -> dict[str, Ladder]:
    """``ladders_in_use``, each with its rungs and their variations: two queries."""
    ladders = ladders_in_use(trainer=trainer)
    prefetch_related_objects(
        list(ladders.values()),
        Prefetch("rungs", queryset=Rung.objects.select_related("variation")),
    )
    return ladders


def ladder_for(*, trainer: User, pattern: str) -> Ladder:
    """The ladder the trainer uses for ``pattern``: their default, else the built-in
    one."""
    ladder = (
        Ladder.objects.filter(owner=trainer, is_default=True, pattern=pattern).first()
        or Ladder.objects.filter(owner=None, pattern=pattern).first()
    )
    if ladder is None:
        raise Ladder.DoesNotExist(f"No ladder for {Pattern(pattern).label}")
    return ladder


def ladder_builtin(*, pattern: str) -> Ladder:
    """The coach's own ladder for ``pattern``, rungs and variations included: what the
    public pattern page shows."""
    return get_object_or_404(
        _with_rungs(Ladder.objects.filter(owner=None)), pattern=pattern
    )
