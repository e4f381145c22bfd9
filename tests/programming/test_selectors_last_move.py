"""The last move on a client's rung (``assignment_list_with_last_move``): a change
of the prescription alone is never a move, whenever it is made."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from programming.models import AssignmentChange, Ladder, Pattern, Variation
from programming.selectors import assignment_list_with_last_move
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

MOVED = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)


def rung(position: int) -> Variation:
    return (
        Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
        .rungs.get(position=position)
        .variation
    )


def last_move(client):
    return assignment_list_with_last_move(client=client).get(pattern=Pattern.HINGE)


@pytest.mark.parametrize(
    "later",
    [timedelta(0), timedelta(days=1)],
    ids=["the-same-instant", "a-later-day"],
)
def test_a_prescription_change_after_a_progress_leaves_the_progress(
    coached, trainer, later
):
    with time_machine.travel(MOVED - timedelta(days=7), tick=False):
        first = assignment_set(client=coached, variation=rung(4), changed_by=trainer)
    with time_machine.travel(MOVED, tick=False):
        assignment_progress(assignment=first, changed_by=trainer)
    with time_machine.travel(MOVED + later, tick=False):
        assignment_set(client=coached, variation=rung(5), changed_by=trainer, reps=5)
    assert first.changes.order_by("-pk").first().kind == (
        AssignmentChange.Kind.PRESCRIPTION
    )

    moved = last_move(coached)
    assert moved.moved_kind == AssignmentChange.Kind.PROGRESS
    assert moved.moved_at == MOVED
    assert moved.moved_from_id == rung(4).pk


def test_a_prescription_change_after_a_regress_leaves_the_regress(coached, trainer):
    with time_machine.travel(MOVED, tick=False):
        first = assignment_set(client=coached, variation=rung(6), changed_by=trainer)
        assignment_regress(assignment=first, changed_by=trainer)
        assignment_set(client=coached, variation=rung(5), changed_by=trainer, reps=3)
    moved = last_move(coached)
    assert moved.moved_kind == AssignmentChange.Kind.REGRESS
    assert moved.moved_from_id == rung(6).pk


def test_only_prescription_changes_since_the_first_set_leave_the_set(coached, trainer):
    with time_machine.travel(MOVED, tick=False):
        assignment_set(client=coached, variation=rung(2), changed_by=trainer)
    with time_machine.travel(MOVED + timedelta(days=2), tick=False):
        assignment_set(client=coached, variation=rung(2), changed_by=trainer, reps=9)
    moved = last_move(coached)
    assert moved.moved_kind == AssignmentChange.Kind.SET
    assert moved.moved_at == MOVED
    assert moved.moved_from_id is None
