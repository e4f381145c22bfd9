from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from programming.models import Assignment, AssignmentChange, Ladder, Pattern, Variation
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
    ladder_copy,
)
from programming.services.assignments import AT_BOTTOM, AT_TOP, OFF_THE_LADDER
from tests.factories import (
    ClientFactory,
    LadderFactory,
    TrainerFactory,
    VariationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def rung(position: int, pattern: str = Pattern.HINGE) -> Variation:
    """The built-in variation at ``position`` on the pattern's built-in ladder."""
    return (
        Ladder.objects.get(owner=None, pattern=pattern)
        .rungs.get(position=position)
        .variation
    )


def test_setting_a_first_assignment_records_who_and_why(coached, trainer):
    assignment = assignment_set(
        client=coached,
        variation=rung(2),
        changed_by=trainer,
        reason="Assessment: hinges well with a dowel rod",
        sets=3,
        reps=10,
        load=Decimal("12"),
    )
    assert assignment.is_current
    assert assignment.ladder == Ladder.objects.get(owner=None, pattern="hinge")
    change = assignment.changes.get()
    assert change.kind == AssignmentChange.Kind.SET
    assert (change.from_variation, change.to_variation) == (None, rung(2))
    assert (change.to_position, change.ladder_length) == (2, 11)
    assert change.changed_by == trainer
    assert change.reason == "Assessment: hinges well with a dowel rod"
    assert change.prescription == "3 × 10 @ 12 kg"


def test_a_new_assignment_without_a_dose_starts_at_a_sensible_one(coached, trainer):
    squat = assignment_set(client=coached, variation=rung(1, "squat"), changed_by=None)
    carry = assignment_set(client=coached, variation=rung(2, "carry"), changed_by=None)
    assert (squat.sets, squat.reps) == (3, 8)
    assert (carry.sets, carry.reps, carry.distance_m) == (3, None, 20)


def test_progress_and_regress_move_one_rung_and_keep_history(coached, trainer):
    assignment = assignment_set(
        client=coached, variation=rung(3), changed_by=trainer, reps=8, load=20
    )
    assignment_progress(assignment=assignment, changed_by=trainer, reason="Easy 3×8")
    assignment.refresh_from_db()
    assert assignment.variation == rung(4)
    assert assignment.load is None, "a load belongs to one variation"
    assert assignment.reps == 8
    assignment_regress(assignment=assignment, changed_by=trainer, reason="Sore back")
    assignment.refresh_from_db()
    assert assignment.variation == rung(3)

    kinds = [
        (c.kind, c.from_position, c.to_position, c.reason)
        for c in assignment.changes.order_by("pk")
    ]
    assert kinds == [
        ("set", None, 3, ""),
        ("progress", 3, 4, "Easy 3×8"),
        ("regress", 4, 3, "Sore back"),
    ]


def test_progress_on_the_top_rung_is_refused_and_changes_nothing(coached, trainer):
    top = assignment_set(client=coached, variation=rung(11), changed_by=trainer)
    with pytest.raises(ValidationError) as error:
        assignment_progress(assignment=top, changed_by=trainer)
    assert error.value.messages == [
        AT_TOP.format(variation=rung(11).name, ladder="Hip hinge")
    ]
    top.refresh_from_db()
    assert top.variation == rung(11)
    assert top.changes.count() == 1


def test_regress_on_the_first_rung_is_refused(coached, trainer):
    bottom = assignment_set(client=coached, variation=rung(1), changed_by=trainer)
    with pytest.raises(ValidationError) as error:
        assignment_regress(assignment=bottom, changed_by=trainer)
    assert error.value.messages == [
        AT_BOTTOM.format(variation=rung(1).name, ladder="Hip hinge")
    ]
    assert bottom.changes.count() == 1


def test_a_variation_off_the_ladder_cannot_step(coached, trainer):
    own = VariationFactory(owner=trainer, name="Cable pull-through")
    assignment = assignment_set(client=coached, variation=own, changed_by=trainer)
    assert assignment.ladder.is_builtin
    with pytest.raises(ValidationError) as error:
        assignment_progress(assignment=assignment, changed_by=trainer)
    assert error.value.messages == [
        OFF_THE_LADDER.format(variation="Cable pull-through", ladder="Hip hinge")
    ]


def test_progress_starts_from_the_current_row_not_a_stale_copy(coached, trainer):
    assignment = assignment_set(client=coached, variation=rung(1), changed_by=trainer)
    stale = Assignment.objects.get(pk=assignment.pk)
    assignment_progress(assignment=assignment, changed_by=trainer)
    assignment_progress(assignment=stale, changed_by=trainer)
    assignment.refresh_from_db()
    assert assignment.variation == rung(3)
    assert list(
        assignment.changes.order_by("pk").values_list("from_position", "to_position")
    ) == [(None, 1), (1, 2), (2, 3)]


def test_changing_only_the_prescription_is_recorded_as_such(coached, trainer):
    assignment_set(client=coached, variation=rung(2), changed_by=trainer, reps=8)
    assignment = assignment_set(
        client=coached, variation=rung(2), changed_by=trainer, reps=10, tempo="3-1-1"
    )
    change = assignment.changes.first()
    assert change.kind == AssignmentChange.Kind.PRESCRIPTION
    assert change.from_variation == change.to_variation == rung(2)
    assert change.prescription == "3 × 10, tempo 3-1-1"


def test_setting_the_same_thing_again_writes_no_history(coached, trainer):
    assignment_set(client=coached, variation=rung(2), changed_by=trainer, reps=8)
    assignment = assignment_set(
        client=coached, variation=rung(2), changed_by=trainer, reps=8
    )
    assert assignment.changes.count() == 1


def test_one_current_assignment_per_client_and_pattern(coached, trainer):
    assignment_set(client=coached, variation=rung(2), changed_by=trainer)
    assignment_set(client=coached, variation=rung(5), changed_by=trainer)
    assert Assignment.objects.filter(client=coached).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            client=coached,
            pattern="hinge",
            variation=rung(1),
            ladder=Ladder.objects.get(owner=None, pattern="hinge"),
            reps=5,
        )


def test_the_trainers_own_default_ladder_is_used(coached, trainer):
    mine = ladder_copy(
        ladder=Ladder.objects.get(owner=None, pattern="hinge"), owner=trainer
    )
    assert mine.is_default
    assignment = assignment_set(client=coached, variation=rung(2), changed_by=trainer)
    assert assignment.ladder == mine


def test_another_trainers_variation_or_ladder_is_refused(coached, trainer):
    theirs = VariationFactory(owner=TrainerFactory())
    with pytest.raises(ValidationError):
        assignment_set(client=coached, variation=theirs, changed_by=trainer)
    their_ladder = LadderFactory(rungs=2)
    with pytest.raises(ValidationError):
        assignment_set(
            client=coached,
            variation=rung(1),
            ladder=their_ladder,
            changed_by=trainer,
        )
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sets": 0}, "sets"),
        ({"sets": 101}, "sets"),
        ({"reps": -1}, "reps"),
        ({"load": Decimal("1000.01")}, "load"),
        ({"load": Decimal("2200.5"), "load_unit": "lb"}, "load"),
        ({"load": Decimal("0")}, "load"),
        ({"reps": None, "seconds": None, "distance_m": None}, "reps"),
    ],
)
def test_absurd_prescriptions_are_refused_on_the_field(coached, trainer, fields, field):
    with pytest.raises(ValidationError) as error:
        assignment_set(
            client=coached,
            variation=rung(2),
            changed_by=trainer,
            **{"reps": 5, **fields},
        )
    assert field in error.value.message_dict
    assert not Assignment.objects.exists()
    assert not AssignmentChange.objects.exists()


def test_a_load_in_pounds_may_be_heavier_than_in_kilograms(coached, trainer):
    assignment = assignment_set(
        client=coached,
        variation=rung(11),
        changed_by=trainer,
        reps=1,
        load=Decimal(2000),
        load_unit="lb",
    )
    assert assignment.load_display == "2000 lb"


def test_assignments_of_different_clients_are_independent(trainer):
    one, two = ClientFactory.create_batch(2, trainer=trainer)
    assignment_set(client=one, variation=rung(1), changed_by=trainer)
    assignment_set(client=two, variation=rung(4), changed_by=trainer)
    assert Assignment.objects.get(client=one).variation == rung(1)


def test_a_step_asks_the_same_number_of_queries_whatever_the_ladder_s_length(
    coached, trainer
):
    counts = []
    for pattern in (Pattern.HINGE, Pattern.PUSH):  # 11 rungs and 8
        assignment = assignment_set(
            client=coached, variation=rung(2, pattern), changed_by=trainer
        )
        with CaptureQueriesContext(connection) as queries:
            assignment_progress(assignment=assignment, changed_by=trainer)
        counts.append(len(queries))
    assert counts[0] == counts[1]
