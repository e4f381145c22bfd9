"""The built-in library a fresh install ships with."""

import pytest

from programming.models import Ladder, Pattern, Variation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

COACH_HINGE_LADDER = [
    "Hinge with a dowel rod, to a wall or to a foam roller",
    "Kettlebell / dumbbell Romanian deadlift (RDL)",
    "Kettlebell / dumbbell elevated deadlift",
    "Barbell RDL",
    "Kettlebell / dumbbell deadlift from the floor",
    "Elevated trap bar deadlift from blocks",
    "Elevated sumo deadlift from blocks or a rack",
    "Barbell rack pull (several heights)",
    "Trap bar deadlift from the ground",
    "Sumo deadlift from the ground",
    "Straight bar deadlift from the ground",
]


def names(ladder: Ladder) -> list[str]:
    return [rung.variation.name for rung in ladder.rungs.order_by("position")]


def test_the_hinge_ladder_is_the_coachs_in_the_coachs_order():
    hinge = Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
    assert names(hinge) == COACH_HINGE_LADDER


def test_the_dowel_rod_hinge_is_taught_from_the_top_down():
    dowel = Variation.objects.get(name=COACH_HINGE_LADDER[0])
    openings = [cue.split(":")[0].split(",")[0].lower() for cue in dowel.cues[:4]]
    assert openings == ["start standing tall", "butt back", "chest up", "knees out"]


def test_the_top_down_cues_carry_onto_the_variations_they_fit():
    for name in COACH_HINGE_LADDER[1:5]:
        cues = " ".join(Variation.objects.get(name=name).cues).lower()
        for cue in ("start standing tall", "butt back", "chest up", "knees out"):
            assert cue in cues, f"{name} lacks {cue!r}"


def test_only_the_floor_variations_are_loaded_from_the_floor():
    hinge = Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
    floor = [r.position for r in hinge.rungs.all() if r.variation.from_floor]
    assert floor == [5, 9, 10, 11]


@pytest.mark.parametrize("pattern", [p for p in Pattern if p != Pattern.HINGE])
def test_every_other_pattern_has_a_ladder_of_six_to_ten_rungs(pattern):
    ladder = Ladder.objects.get(owner=None, pattern=pattern)
    rungs = list(ladder.rungs.select_related("variation").order_by("position"))
    assert 6 <= len(rungs) <= 10
    assert [r.position for r in rungs] == list(range(1, len(rungs) + 1))
    assert all(r.variation.pattern == pattern for r in rungs)
    assert all(r.variation.cues for r in rungs), "every rung is coached"


def test_built_in_rows_belong_to_nobody():
    assert not Variation.objects.builtin().exclude(owner=None).exists()
    assert Ladder.objects.builtin().count() == len(Pattern)
