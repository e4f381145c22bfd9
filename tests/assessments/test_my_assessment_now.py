"""My assessment keeps apart what the assessment suggested and where the client is
now: the rung the trainer set, and when and how they got there."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from assessments.selectors import assessment_summary_for_client
from assessments.selectors.compare import (
    CHANGED,
    MOVED_DOWN,
    MOVED_UP,
    STARTED_HERE,
)
from assessments.services import RungChoice, assessment_accept
from programming.models import Assignment, AssignmentChange, Ladder, Variation
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
)
from tests.assessments.test_views import finish
from tests.factories import AssessmentFactory, ClientWithLoginFactory

pytestmark = pytest.mark.django_db

URL = reverse("assessments:my_assessment")
DEC_3 = datetime(2026, 12, 3, 12, tzinfo=UTC)


def hinge(position: int) -> Variation:
    return (
        Ladder.objects.get(owner=None, pattern="hinge")
        .rungs.get(position=position)
        .variation
    )


@pytest.fixture
def alex(trainer):
    return ClientWithLoginFactory(trainer=trainer, first_name="Alex")


@pytest.fixture
def assessed(alex, hinge_screen):
    """Alex's finished hinge screen, which suggests the barbell RDL (rung 4)."""
    return finish(
        AssessmentFactory(client=alex, protocol=hinge_screen), goal="everyday"
    )


def hinge_card(client, alex) -> str:
    client.force_login(alex.user)
    page = client.get(URL).text
    return page[page.index('id="summary-hinge"') : page.index("</article>")]


def on_dec_3(assignment: Assignment) -> None:
    """Date the assignment's last change 3 December 2026."""
    last = assignment.changes.order_by("-created_at", "-pk").first()
    AssignmentChange.objects.filter(pk=last.pk).update(created_at=DEC_3)


def test_before_the_trainer_sets_a_rung_the_suggestion_is_not_where_they_are(
    client, alex, assessed
):
    card = hinge_card(client, alex)
    assert "The assessment suggested</dt>" in card
    assert "<strong>Barbell RDL</strong> (rung 4 of 11)" in card
    assert "Where you are now</dt>" in card
    assert "Not set yet" in card
    assert "You start on" not in card


def test_accepted_it_says_the_trainer_started_them_there(client, alex, assessed):
    assessment_accept(
        assessment=assessed, trainer=alex.trainer, choices=[RungChoice("hinge")]
    )
    on_dec_3(Assignment.objects.get(client=alex, pattern="hinge"))
    card = hinge_card(client, alex)
    assert (
        f"<strong>Barbell RDL</strong>, rung 4 of 11 ({STARTED_HERE} 3 December 2026)"
        in card
    )


def test_after_a_progress_both_show_side_by_side(client, alex, assessed):
    with time_machine.travel(DEC_3 - timedelta(days=2), tick=False):
        assessment_accept(
            assessment=assessed, trainer=alex.trainer, choices=[RungChoice("hinge")]
        )
    hinge_now = Assignment.objects.get(client=alex, pattern="hinge")
    with time_machine.travel(DEC_3, tick=False):
        assignment_progress(assignment=hinge_now, changed_by=alex.trainer)
    # A change of the prescription alone, on a later day, is not a move.
    with time_machine.travel(DEC_3 + timedelta(days=1), tick=False):
        assignment_set(client=alex, variation=hinge(5), changed_by=alex.trainer, reps=5)

    card = hinge_card(client, alex)
    suggested, now = card.split("Where you are now</dt>")
    assert "<strong>Barbell RDL</strong> (rung 4 of 11)" in suggested
    assert escape(hinge(5).name) in now
    assert f", rung 5 of 11 ({MOVED_UP} 3 December 2026)" in now
    assert "Barbell RDL" not in now


def test_a_regress_and_a_set_are_told_apart(client, alex, assessed):
    first = assignment_set(client=alex, variation=hinge(6), changed_by=alex.trainer)
    assignment_regress(assignment=first, changed_by=alex.trainer)
    assert f"rung 5 of 11 ({MOVED_DOWN} " in hinge_card(client, alex)
    assignment_set(client=alex, variation=hinge(2), changed_by=alex.trainer)
    assert f"rung 2 of 11 ({CHANGED} " in hinge_card(client, alex)


def test_an_override_says_where_the_trainer_started_them_instead(
    client, alex, assessed
):
    assessment_accept(
        assessment=assessed,
        trainer=alex.trainer,
        choices=[RungChoice("hinge", hinge(2).pk, "Sore back this week")],
    )
    card = hinge_card(client, alex)
    assert "<strong>Barbell RDL</strong> (rung 4 of 11)" in card
    assert "Your trainer started you instead on</dt>" in card
    assert "Why: Sore back this week" in card
    assert f"rung 2 of 11 ({STARTED_HERE} " in card


def test_another_client_s_rungs_never_show(client, alex, assessed, trainer):
    other = ClientWithLoginFactory(trainer=trainer)
    assignment_set(client=other, variation=hinge(9), changed_by=trainer)
    card = hinge_card(client, alex)
    assert "Not set yet" in card
    assert escape(hinge(9).name) not in card


@pytest.mark.parametrize("moves", [1, 50])
def test_the_summary_stays_flat_however_long_the_history(
    client, alex, assessed, moves, django_assert_max_num_queries
):
    assignment = assignment_set(
        client=alex, variation=hinge(1), changed_by=alex.trainer
    )
    for n in range(moves):
        step = assignment_progress if n % 2 == 0 else assignment_regress
        step(assignment=assignment, changed_by=alex.trainer)
    with django_assert_max_num_queries(6):
        summary = assessment_summary_for_client(client=alex)
        assert summary.patterns[0].now.variation.name
    client.force_login(alex.user)
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
