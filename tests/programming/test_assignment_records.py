"""What the assignment services leave in the rows: which ladder a client stays on,
which load is kept, and what the history says, when the client's ladder is not the
one their trainer would pick today."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programming.models import (
    Assignment,
    AssignmentChange,
    Ladder,
    Pattern,
    Variation,
)
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
    ladder_copy,
)
from programming.services.assignments import (
    LADDER_PATTERN_MISMATCH,
    NOT_CURRENT,
    NOT_YOUR_LADDER,
    NOT_YOUR_VARIATION,
)
from tests.factories import LadderFactory, TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def builtin(pattern: str = Pattern.HINGE) -> Ladder:
    return Ladder.objects.get(owner=None, pattern=pattern)


def rung(position: int, pattern: str = Pattern.HINGE) -> Variation:
    return builtin(pattern).rungs.get(position=position).variation


def history(assignment) -> list[tuple]:
    return [
        (c.kind, c.from_position, c.to_position, c.ladder_length, c.prescription)
        for c in assignment.changes.order_by("pk")
    ]


def test_changing_the_reps_keeps_the_load(coached, trainer):
    assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, reps=8, load=40
    )
    assignment = assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, reps=5
    )
    assignment.refresh_from_db()
    assert (assignment.reps, assignment.load) == (5, Decimal(40))
    assert history(assignment)[-1] == ("prescription", 4, 4, 11, "3 × 5 @ 40 kg")


def test_a_new_variation_keeps_the_load_it_is_given(coached, trainer):
    assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, reps=8, load=40
    )
    assignment = assignment_set(
        client=coached, variation=rung(5), changed_by=trainer, load=Decimal("22.5")
    )
    assignment.refresh_from_db()
    assert (assignment.variation, assignment.load) == (rung(5), Decimal("22.5"))
    assert history(assignment)[-1] == ("set", 4, 5, 11, "3 × 8 @ 22.5 kg")


def test_a_new_variation_without_a_load_starts_without_one(coached, trainer):
    assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, reps=8, load=40
    )
    assignment = assignment_set(client=coached, variation=rung(3), changed_by=trainer)
    assignment.refresh_from_db()
    assert (assignment.variation, assignment.load) == (rung(3), None)
    assert history(assignment)[-1] == ("set", 4, 3, 11, "3 × 8")


def test_a_client_stays_on_their_ladder_while_the_variation_is_on_it(coached, trainer):
    """The trainer makes the coach's ladder their own after the client started on
    it: the client moves along the ladder they are on, not the trainer's new one."""
    assignment_set(client=coached, variation=rung(2), changed_by=trainer)
    mine = ladder_copy(ladder=builtin(), owner=trainer)
    assert mine.is_default

    assignment = assignment_set(client=coached, variation=rung(6), changed_by=trainer)
    assert assignment.ladder == builtin()
    assignment = assignment_progress(assignment=assignment, changed_by=trainer)
    assignment = assignment_regress(assignment=assignment, changed_by=trainer)
    assignment.refresh_from_db()
    assert (assignment.variation, assignment.ladder) == (rung(6), builtin())
    assert [c[:3] for c in history(assignment)] == [
        ("set", None, 2),
        ("set", 2, 6),
        ("progress", 6, 7),
        ("regress", 7, 6),
    ]


def test_a_variation_on_no_ladder_keeps_the_client_where_they_are(coached, trainer):
    own = VariationFactory(owner=trainer, name="Cable pull-through")
    assignment_set(client=coached, variation=own, changed_by=trainer, reps=12)
    ladder_copy(ladder=builtin(), owner=trainer)

    assignment = assignment_set(
        client=coached, variation=own, changed_by=trainer, reps=15
    )
    assignment.refresh_from_db()
    assert (assignment.ladder, assignment.reps) == (builtin(), 15)
    assert history(assignment)[-1] == ("prescription", None, None, 11, "3 × 15")


def test_a_variation_off_the_current_ladder_moves_the_client_to_the_trainers(
    coached, trainer
):
    side = LadderFactory(owner=trainer, name="Hinge for the clinic", rungs=3)
    first = side.rungs.get(position=1).variation
    assignment_set(client=coached, variation=first, ladder=side, changed_by=trainer)
    mine = ladder_copy(ladder=builtin(), owner=trainer)

    assignment = assignment_set(client=coached, variation=rung(3), changed_by=trainer)
    assignment.refresh_from_db()
    assert assignment.ladder == mine
    assert history(assignment) == [
        ("set", None, 1, 3, "3 × 8"),
        ("set", 1, 3, 11, "3 × 8"),
    ]


def test_moving_to_another_ladder_at_the_same_variation_is_recorded(coached, trainer):
    assignment_set(client=coached, variation=rung(2), changed_by=trainer, reps=6)
    mine = ladder_copy(ladder=builtin(), owner=trainer)
    assignment = assignment_set(
        client=coached, variation=rung(2), ladder=mine, changed_by=trainer
    )
    assignment.refresh_from_db()
    assert assignment.ladder == mine
    assert history(assignment)[-1] == ("set", 2, 2, 11, "3 × 6")


def test_the_reason_is_kept_without_surrounding_space(coached, trainer):
    assignment = assignment_set(
        client=coached,
        variation=rung(1, Pattern.SQUAT),
        changed_by=trainer,
        reason="  Assessment: squats to a box  ",
    )
    change = assignment.changes.get()
    assert change.reason == "Assessment: squats to a box"
    assert change.kind == AssignmentChange.Kind.SET
    assert (change.to_position, change.ladder_length) == (1, 9)


def test_an_unknown_prescription_field_is_refused_before_anything_is_written(
    coached, trainer
):
    with pytest.raises(ValueError, match=r"not prescription fields: \['weight'\]"):
        assignment_set(client=coached, variation=rung(2), changed_by=trainer, weight=5)
    assert not coached.assignments.exists()


def test_a_carry_without_a_dose_starts_at_twenty_metres(coached, trainer):
    carry = assignment_set(
        client=coached, variation=rung(1, Pattern.CARRY), changed_by=trainer
    )
    timed = assignment_set(
        client=coached, variation=rung(2, Pattern.PULL), changed_by=trainer, seconds=30
    )
    assert (carry.sets, carry.reps, carry.distance_m) == (3, None, 20)
    assert (timed.sets, timed.reps, timed.seconds) == (3, None, 30)


@pytest.mark.parametrize("step", [assignment_progress, assignment_regress])
def test_an_assignment_no_longer_current_cannot_step(coached, trainer, step):
    """A dropped pattern's assignment stays for the record and no longer moves."""
    assignment = assignment_set(client=coached, variation=rung(5), changed_by=trainer)
    Assignment.objects.filter(pk=assignment.pk).update(is_current=False)
    with pytest.raises(ValidationError) as error:
        step(assignment=assignment, changed_by=trainer)
    assert error.value.messages == [NOT_CURRENT]
    assignment.refresh_from_db()
    assert assignment.variation == rung(5)
    assert assignment.changes.count() == 1


def test_a_dropped_assignment_stays_as_it_was_when_the_pattern_is_set_again(
    coached, trainer
):
    old = assignment_set(client=coached, variation=rung(5), changed_by=trainer)
    Assignment.objects.filter(pk=old.pk).update(is_current=False)
    new = assignment_set(client=coached, variation=rung(2), changed_by=trainer)
    old.refresh_from_db()
    assert new.pk != old.pk
    assert (old.variation, old.is_current, old.changes.count()) == (rung(5), False, 1)
    assert (new.variation, new.is_current) == (rung(2), True)


def test_what_is_refused_is_said_on_its_field(coached, trainer):
    theirs = VariationFactory(owner=TrainerFactory())
    with pytest.raises(ValidationError) as error:
        assignment_set(client=coached, variation=theirs, changed_by=trainer)
    assert error.value.message_dict == {"variation": [NOT_YOUR_VARIATION]}

    their_ladder = LadderFactory(rungs=1)
    with pytest.raises(ValidationError) as error:
        assignment_set(
            client=coached, variation=rung(1), ladder=their_ladder, changed_by=trainer
        )
    assert error.value.message_dict == {"ladder": [NOT_YOUR_LADDER]}

    with pytest.raises(ValidationError) as error:
        assignment_set(
            client=coached,
            variation=rung(1, Pattern.SQUAT),
            ladder=builtin(),
            changed_by=trainer,
        )
    assert error.value.message_dict == {
        "variation": [
            LADDER_PATTERN_MISMATCH.format(
                variation=rung(1, Pattern.SQUAT).name, pattern="Hinge"
            )
        ]
    }
    assert not coached.assignments.exists()


def test_a_new_variation_starts_from_the_first_dose_not_the_old_ones(coached, trainer):
    assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, sets=5, reps=5, load=60
    )
    assignment = assignment_progress(
        assignment=Assignment.objects.get(client=coached), changed_by=trainer
    )
    assignment.refresh_from_db()
    assert (assignment.variation, assignment.sets, assignment.reps) == (rung(5), 3, 8)
    assert assignment.load is None
    assert history(assignment)[-1] == ("progress", 4, 5, 11, "3 × 8")


def test_a_new_variation_given_its_reps_keeps_the_sets(coached, trainer):
    assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, sets=5, reps=5, load=60
    )
    assignment = assignment_set(
        client=coached, variation=rung(5), changed_by=trainer, reps=6
    )
    assignment.refresh_from_db()
    assert (assignment.sets, assignment.reps, assignment.load) == (5, 6, None)


def test_a_carry_moved_to_another_rung_starts_again_at_twenty_metres(coached, trainer):
    assignment_set(
        client=coached,
        variation=rung(3, Pattern.CARRY),
        changed_by=trainer,
        sets=4,
        distance_m=40,
    )
    assignment = assignment_regress(
        assignment=Assignment.objects.get(client=coached), changed_by=trainer
    )
    assignment.refresh_from_db()
    assert (assignment.variation, assignment.sets) == (rung(2, Pattern.CARRY), 3)
    assert (assignment.reps, assignment.seconds, assignment.distance_m) == (
        None,
        None,
        20,
    )


def test_the_history_keeps_who_made_each_change(coached, trainer):
    colleague = TrainerFactory()
    assignment = assignment_set(client=coached, variation=rung(3), changed_by=trainer)
    assignment_set(client=coached, variation=rung(3), changed_by=colleague, reps=6)
    assignment_progress(assignment=assignment, changed_by=colleague)
    assignment_regress(assignment=assignment, changed_by=trainer)
    assignment_set(client=coached, variation=rung(6), changed_by=None)
    assert [(c.kind, c.changed_by) for c in assignment.changes.order_by("pk")] == [
        ("set", trainer),
        ("prescription", colleague),
        ("progress", colleague),
        ("regress", trainer),
        ("set", None),
    ]


def test_each_pattern_keeps_its_own_assignment(coached, trainer):
    hinge = assignment_set(
        client=coached, variation=rung(4), changed_by=trainer, reps=5, load=60
    )
    squat = assignment_set(
        client=coached, variation=rung(2, Pattern.SQUAT), changed_by=trainer
    )
    assert squat.pk != hinge.pk
    assert {
        (a.pattern, a.variation, a.reps, a.load)
        for a in Assignment.objects.current().filter(client=coached)
    } == {
        (Pattern.HINGE, rung(4), 5, Decimal(60)),
        (Pattern.SQUAT, rung(2, Pattern.SQUAT), 8, None),
    }
    assert history(hinge) == [("set", None, 4, 11, "3 × 5 @ 60 kg")]


def test_every_change_of_an_assignment_gives_the_client_a_new_revision(
    coached, trainer
):
    """The client's pages are cached per revision: a change must never show an
    old page, and a change that changes nothing keeps the cache."""
    seen = [coached.revision]

    def revision():
        coached.refresh_from_db()
        return coached.revision

    assignment = assignment_set(client=coached, variation=rung(3), changed_by=trainer)
    for change in (
        lambda: assignment_set(
            client=coached, variation=rung(3), changed_by=trainer, reps=5
        ),
        lambda: assignment_progress(assignment=assignment, changed_by=trainer),
        lambda: assignment_regress(assignment=assignment, changed_by=trainer),
        lambda: assignment_set(client=coached, variation=rung(7), changed_by=trainer),
    ):
        seen.append(revision())
        change()
        assert revision() not in seen
    unchanged = revision()
    assignment_set(client=coached, variation=rung(7), changed_by=trainer)
    assert revision() == unchanged
