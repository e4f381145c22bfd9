"""The fast builder's services: several exercises at once, reordering, supersets."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programming.models import Prescription, TrainingDay, Variation
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    prescription_add_many,
    prescription_delete,
    prescription_move,
    prescription_reorder,
    prescription_superset,
    program_copy,
    program_create,
)
from programming.services.programs import (
    CHOOSE_EXERCISES,
    FIRST_CANNOT_JOIN,
    MAX_PRESCRIPTIONS,
    NO_ROOM,
    NOT_YOUR_VARIATION,
    ORDER_IS_STALE,
)
from tests.factories import TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def builtin(name: str) -> Variation:
    return Variation.objects.get(owner=None, name=name)


@pytest.fixture
def day(trainer, coached):
    program = program_create(trainer=trainer, client=coached, name="Block 1")
    return day_add(program=program, name="Day A")


def names(day) -> list[str]:
    return [p.variation.name for p in day.prescriptions.select_related("variation")]


def labels(day) -> list[str]:
    fresh = TrainingDay.objects.prefetch_related("prescriptions__variation").get(
        pk=day.pk
    )
    return [f"{p.label} {p.variation.name}" for p in fresh.exercises]


def fill(day, *exercises: str) -> list[Prescription]:
    return [
        prescription_add(day=day, variation=builtin(name), sets=3, reps=8)
        for name in exercises
    ]


def test_several_exercises_are_added_in_order_with_the_current_rung_following(
    day, trainer, coached
):
    assignment_set(
        client=coached,
        variation=builtin("Barbell RDL"),
        changed_by=trainer,
        sets=4,
        reps=6,
        load=40,
    )
    added = prescription_add_many(
        day=day,
        variations=[
            builtin("Push-up"),
            builtin("Barbell RDL"),
            builtin("Goblet squat"),
        ],
        sets=5,
        reps=5,
    )
    assert [p.position for p in added] == [1, 2, 3]
    assert names(day) == ["Push-up", "Barbell RDL", "Goblet squat"]
    pushup, rdl, squat = day.prescriptions.all()
    assert (rdl.follows_ladder, rdl.dose, rdl.load_display) == (True, "4 × 6", "40 kg")
    for pinned in (pushup, squat):
        assert (pinned.follows_ladder, pinned.dose) == (False, "5 × 5")


def test_a_carry_added_with_others_is_walked_not_counted_in_reps(day):
    squat, carry = prescription_add_many(
        day=day,
        variations=[builtin("Goblet squat"), builtin("Farmer carry")],
        sets=4,
        reps=10,
        load=Decimal(16),
        load_unit="kg",
    )
    assert (squat.sets, squat.reps, squat.distance_m) == (4, 10, None)
    assert (carry.sets, carry.reps, carry.distance_m) == (4, None, 20)
    assert carry.load == Decimal(16)


def test_adding_several_is_all_or_nothing(day, trainer):
    fill(day, "Push-up")
    theirs = VariationFactory(owner=TrainerFactory())
    with pytest.raises(ValidationError) as refused:
        prescription_add_many(
            day=day, variations=[builtin("Goblet squat"), theirs], sets=3, reps=8
        )
    assert NOT_YOUR_VARIATION in str(refused.value)
    with pytest.raises(ValidationError, match="Give reps, a time or a distance"):
        prescription_add_many(day=day, variations=[builtin("Goblet squat")], sets=3)
    with pytest.raises(ValidationError, match=CHOOSE_EXERCISES):
        prescription_add_many(day=day, variations=[], sets=3, reps=8)
    assert names(day) == ["Push-up"]


def test_a_day_takes_no_more_than_it_holds(day):
    variations = list(Variation.objects.builtin()[:MAX_PRESCRIPTIONS])
    prescription_add_many(day=day, variations=variations[:-1], sets=3, reps=8)
    with pytest.raises(ValidationError) as refused:
        prescription_add_many(day=day, variations=variations[:2], sets=3, reps=8)
    assert refused.value.messages == [NO_ROOM.format(day="Day A", room=1)]
    assert day.prescriptions.count() == MAX_PRESCRIPTIONS - 1


def test_reordering_puts_every_exercise_where_it_is_dropped(day):
    rdl, pushup, squat = fill(day, "Barbell RDL", "Push-up", "Goblet squat")
    prescription_reorder(day=day, order=[squat.pk, rdl.pk, pushup.pk])
    assert names(day) == ["Goblet squat", "Barbell RDL", "Push-up"]
    prescription_reorder(day=day, order=[squat.pk, rdl.pk, pushup.pk])  # idempotent
    assert names(day) == ["Goblet squat", "Barbell RDL", "Push-up"]


@pytest.mark.parametrize("stale", ["missing", "twice", "foreign"])
def test_a_reorder_from_a_stale_page_moves_nothing(day, stale):
    _rdl, pushup = fill(day, "Barbell RDL", "Push-up")
    other = fill(day_add(program=day.program, name="Day B"), "Push-up")[0]
    order = {
        "missing": [pushup.pk],
        "twice": [pushup.pk, pushup.pk],
        "foreign": [pushup.pk, other.pk],
    }[stale]
    with pytest.raises(ValidationError) as refused:
        prescription_reorder(day=day, order=order)
    assert refused.value.messages == [ORDER_IS_STALE.format(day="Day A")]
    assert names(day) == ["Barbell RDL", "Push-up"]


def test_supersets_read_a1_a2_and_split_where_asked(day):
    _rdl, pushup, row, squat = fill(
        day, "Barbell RDL", "Push-up", "Inverted row", "Goblet squat"
    )
    prescription_superset(prescription=pushup, joined=True)
    assert labels(day) == [
        "A1 Barbell RDL",
        "A2 Push-up",
        "B Inverted row",
        "C Goblet squat",
    ]
    prescription_superset(prescription=row, joined=True)
    prescription_superset(prescription=row, joined=True)  # idempotent
    assert labels(day) == [
        "A1 Barbell RDL",
        "A2 Push-up",
        "A3 Inverted row",
        "B Goblet squat",
    ]
    prescription_superset(prescription=pushup, joined=False)
    assert labels(day) == [
        "A Barbell RDL",
        "B1 Push-up",
        "B2 Inverted row",
        "C Goblet squat",
    ]
    prescription_superset(prescription=squat, joined=True)  # joins B, not a new one
    assert labels(day)[1:] == ["B1 Push-up", "B2 Inverted row", "B3 Goblet squat"]


def test_joining_two_supersets_makes_one(day):
    _a, b, c, d = fill(day, "Barbell RDL", "Push-up", "Inverted row", "Goblet squat")
    prescription_superset(prescription=b, joined=True)
    prescription_superset(prescription=d, joined=True)
    assert [label.split()[0] for label in labels(day)] == ["A1", "A2", "B1", "B2"]
    prescription_superset(prescription=c, joined=True)
    assert [label.split()[0] for label in labels(day)] == ["A1", "A2", "A3", "A4"]


def test_the_first_exercise_has_nothing_above_to_join(day):
    rdl, _ = fill(day, "Barbell RDL", "Push-up")
    with pytest.raises(ValidationError, match=FIRST_CANNOT_JOIN):
        prescription_superset(prescription=rdl, joined=True)
    prescription_superset(prescription=rdl, joined=False)  # nothing to split
    assert not day.prescriptions.exclude(superset=None).exists()


def test_a_superset_stays_together_while_its_exercises_are_neighbours(day):
    rdl, pushup, squat = fill(day, "Barbell RDL", "Push-up", "Goblet squat")
    prescription_superset(prescription=pushup, joined=True)
    prescription_move(prescription=pushup, step=-1)  # swapped within: still A1, A2
    assert labels(day)[:2] == ["A1 Push-up", "A2 Barbell RDL"]
    # Dropping another exercise between them ends the superset.
    prescription_reorder(day=day, order=[pushup.pk, squat.pk, rdl.pk])
    assert labels(day) == ["A Push-up", "B Goblet squat", "C Barbell RDL"]
    assert not day.prescriptions.exclude(superset=None).exists()


def test_removing_an_exercise_of_a_pair_leaves_the_other_on_its_own(day):
    _rdl, pushup, _ = fill(day, "Barbell RDL", "Push-up", "Goblet squat")
    prescription_superset(prescription=pushup, joined=True)
    prescription_delete(prescription=pushup)
    assert labels(day) == ["A Barbell RDL", "B Goblet squat"]


def test_a_copy_keeps_the_supersets(day, trainer):
    _, pushup = fill(day, "Barbell RDL", "Push-up")
    prescription_superset(prescription=pushup, joined=True)
    copy = program_copy(program=day.program, client=None, name="As a template")
    assert labels(copy.days.get()) == ["A1 Barbell RDL", "A2 Push-up"]
