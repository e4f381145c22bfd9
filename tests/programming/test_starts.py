"""Where a client starts: one function decides the ladder, the rung and the dose, for
the assessment's recommendation and the assignment form alike."""

import pytest
from django.urls import reverse

from programming.models import Ladder, Pattern
from programming.selectors import Target, starting_points
from programming.services import ladder_copy, ladder_make_default
from tests.factories import ClientFactory, TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def _builtin(pattern: str) -> Ladder:
    return Ladder.objects.get(owner=None, pattern=pattern)


def _own_hinge_ladder(trainer) -> Ladder:
    """The trainer's copy of the built-in hinge ladder, used for their clients, with
    its first rung swapped for a variation of their own."""
    ladder = ladder_copy(ladder=_builtin(Pattern.HINGE), owner=trainer)
    ladder_make_default(ladder=ladder)
    first = ladder.rungs.get(position=1)
    first.variation = VariationFactory(owner=trainer, pattern=Pattern.HINGE)
    first.save()
    return ladder


def test_with_no_target_a_client_starts_at_the_bottom_of_the_trainers_ladder():
    trainer = TrainerFactory()
    own = _own_hinge_ladder(trainer)
    points = starting_points(
        trainer=trainer, targets={Pattern.CARRY: None, Pattern.HINGE: None}
    )
    assert list(points) == [Pattern.HINGE, Pattern.CARRY]  # the coach's order
    hinge, carry = points[Pattern.HINGE], points[Pattern.CARRY]
    assert (hinge.ladder, hinge.rung.position) == (own, 1)
    assert hinge.rung.variation.owner == trainer
    assert (carry.ladder, carry.rung.position) == (_builtin(Pattern.CARRY), 1)
    assert hinge.dose == {"sets": 3, "reps": 8}
    assert carry.dose == {"sets": 3, "distance_m": 20}


def test_a_target_on_the_trainers_ladder_stays_on_it():
    trainer = TrainerFactory()
    own = _own_hinge_ladder(trainer)
    rdl = _builtin(Pattern.HINGE).rungs.get(position=4).variation
    point = starting_points(trainer=trainer, targets={Pattern.HINGE: Target(rdl.pk, 4)})
    assert (point[Pattern.HINGE].ladder, point[Pattern.HINGE].rung.position) == (own, 4)


def test_a_target_off_the_trainers_ladder_lands_on_the_builtin_one_by_position():
    trainer = TrainerFactory()
    _own_hinge_ladder(trainer)
    # The built-in first rung is no longer on the trainer's ladder.
    dowel = _builtin(Pattern.HINGE).rungs.get(position=1).variation
    point = starting_points(
        trainer=trainer, targets={Pattern.HINGE: Target(dowel.pk, 1)}
    )[Pattern.HINGE]
    assert (point.ladder, point.rung.variation) == (_builtin(Pattern.HINGE), dowel)
    unknown = starting_points(
        trainer=trainer, targets={Pattern.HINGE: Target(None, 3)}
    )[Pattern.HINGE]
    assert (unknown.ladder, unknown.rung.position) == (_builtin(Pattern.HINGE), 3)


def test_a_target_on_no_ladder_is_left_out():
    trainer = TrainerFactory()
    stray = VariationFactory(owner=TrainerFactory(), pattern=Pattern.PUSH)
    assert (
        starting_points(trainer=trainer, targets={Pattern.PUSH: Target(stray.pk)}) == {}
    )


def test_the_assignment_form_offers_the_same_start(client):
    trainer = TrainerFactory()
    own = _own_hinge_ladder(trainer)
    coached = ClientFactory(trainer=trainer)
    client.force_login(trainer)
    page = client.get(
        reverse(
            "programming:assignment_edit",
            kwargs={"client_pk": coached.pk, "pattern": Pattern.CARRY},
        )
    )
    form = page.context["form"]
    carry = _builtin(Pattern.CARRY).rungs.get(position=1)
    assert form.initial["variation"] == carry.variation_id
    assert (form.initial["sets"], form.initial["distance_m"]) == (3, 20)
    hinge_page = client.get(
        reverse(
            "programming:assignment_edit",
            kwargs={"client_pk": coached.pk, "pattern": Pattern.HINGE},
        )
    )
    assert hinge_page.context["ladder"] == own
    assert hinge_page.context["form"].initial["variation"] == (
        own.rungs.get(position=1).variation_id
    )
