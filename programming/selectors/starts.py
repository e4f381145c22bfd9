"""Where a client starts on a pattern: which ladder, which rung and which first dose.
The one place that the assessment's recommendation and the assignment form ask."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from programming.models import Ladder, Pattern, Rung
from programming.selectors.library import ladders_in_use

# The first dose of a new assignment when none is given: carries are walked for a
# distance, everything else is counted in reps.
FIRST_DOSE = {Pattern.CARRY: {"sets": 3, "distance_m": 20}}
FIRST_DOSE_OTHERS = {"sets": 3, "reps": 8}


def first_dose(pattern: str) -> dict:
    return dict(FIRST_DOSE.get(pattern, FIRST_DOSE_OTHERS))


@dataclass(frozen=True)
class Target:
    """A rung to start on, as an assessment recommends it: a variation, and its
    position on the coach's built-in ladder."""

    variation_id: int | None
    builtin_position: int | None = None


@dataclass(frozen=True)
class StartingPoint:
    """For one pattern: the ladder the client moves on, its rungs, the rung they
    start on (None on a ladder without rungs) and the first dose."""

    pattern: str
    ladder: Ladder
    rungs: list[Rung]
    rung: Rung | None

    @property
    def dose(self) -> dict:
        return first_dose(self.pattern)

    def rung_for(self, variation_id: int | None) -> Rung | None:
        return next((r for r in self.rungs if r.variation_id == variation_id), None)


def starting_points(
    *, trainer: User, targets: Mapping[str, Target | None]
) -> dict[str, StartingPoint]:
    """Where a client of ``trainer`` starts on each pattern of ``targets``, in the
    coach's order. With no target, the first rung of the ladder the trainer uses.
    With one, the trainer's ladder when it holds the target's variation, else the
    built-in ladder (where the target's position stands in for a variation that is
    not on it); a pattern whose target is on neither is left out. Two queries."""
    if not targets:
        return {}
    in_use = ladders_in_use(trainer=trainer)
    patterns = list(targets)
    rungs = (
        Rung.objects.filter(
            Q(ladder__owner=None, ladder__pattern__in=patterns)
            | Q(ladder__in=[in_use[p].pk for p in patterns if p in in_use])
        )
        .select_related("ladder", "variation")
        .order_by("ladder_id", "position")
    )
    on_ladder: dict[int, list[Rung]] = defaultdict(list)
    builtin: dict[str, Ladder] = {}
    for rung in rungs:
        on_ladder[rung.ladder_id].append(rung)
        if rung.ladder.is_builtin:
            builtin[rung.ladder.pattern] = rung.ladder
    points = {}
    for pattern in Pattern:
        if pattern not in targets:
            continue
        target = targets[pattern]
        if target is None:
            ladder = in_use[pattern]
            ladder_rungs = on_ladder[ladder.pk]
            points[pattern] = StartingPoint(
                pattern, ladder, ladder_rungs, ladder_rungs[0] if ladder_rungs else None
            )
            continue
        for ladder in (in_use.get(pattern), builtin.get(pattern)):
            if ladder is None:
                continue
            ladder_rungs = on_ladder[ladder.pk]
            rung = _target_rung(target, ladder, ladder_rungs)
            if rung is not None:
                points[pattern] = StartingPoint(pattern, ladder, ladder_rungs, rung)
                break
    return points


def _target_rung(target: Target, ladder: Ladder, rungs: list[Rung]) -> Rung | None:
    for rung in rungs:
        if rung.variation_id == target.variation_id:
            return rung
    if ladder.is_builtin:
        return next((r for r in rungs if r.position == target.builtin_position), None)
    return None
