import pytest
from django.core.exceptions import ValidationError

from programming.models import Ladder, Rung, Variation
from programming.selectors import ladder_for, ladders_in_use
from programming.services import (
    ladder_copy,
    ladder_create,
    ladder_make_default,
    ladder_rung_insert,
    ladder_rung_move,
    ladder_rung_remove,
    ladder_update,
    variation_copy,
    variation_update,
)
from programming.services.library import (
    BUILTIN_IS_READ_ONLY,
    LADDER_EMPTY,
    LADDER_FULL,
    NOT_YOURS,
)
from tests.factories import LadderFactory, TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def positions(ladder: Ladder) -> list[tuple[int, int]]:
    return list(ladder.rungs.values_list("position", "variation_id"))


def test_the_built_in_ladder_is_used_until_the_trainer_picks_their_own(trainer):
    builtin = Ladder.objects.get(owner=None, pattern="squat")
    assert ladder_for(trainer=trainer, pattern="squat") == builtin
    mine = ladder_copy(ladder=builtin, owner=trainer)
    assert ladder_for(trainer=trainer, pattern="squat") == mine
    assert ladders_in_use(trainer=trainer)["squat"] == mine
    assert ladders_in_use(trainer=TrainerFactory())["squat"] == builtin


def test_a_second_copy_does_not_take_over(trainer):
    builtin = Ladder.objects.get(owner=None, pattern="push")
    first = ladder_copy(ladder=builtin, owner=trainer)
    second = ladder_copy(ladder=builtin, owner=trainer)
    assert (first.is_default, second.is_default) == (True, False)
    assert second.name == "Push (copy 2)"
    ladder_make_default(ladder=second)
    first.refresh_from_db()
    assert (first.is_default, Ladder.objects.get(pk=second.pk).is_default) == (
        False,
        True,
    )


def test_built_in_rows_are_never_changed(trainer):
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    rdl = Variation.objects.get(owner=None, name="Barbell RDL")
    for attempt in [
        lambda: ladder_update(ladder=builtin, name="Mine"),
        lambda: ladder_rung_insert(ladder=builtin, variation=rdl),
        lambda: variation_update(variation=rdl, name="Mine"),
    ]:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == [BUILTIN_IS_READ_ONLY]
    assert builtin.rungs.count() == 11


def test_another_trainers_rows_cannot_be_copied(trainer):
    with pytest.raises(ValidationError, match=NOT_YOURS):
        variation_copy(variation=VariationFactory(), owner=trainer)
    with pytest.raises(ValidationError, match=NOT_YOURS):
        ladder_copy(ladder=LadderFactory(rungs=1), owner=trainer)


def test_rungs_stay_numbered_one_to_n_through_every_edit(trainer):
    ladder = LadderFactory(owner=trainer, rungs=4)
    a, b, c, d = (r.variation_id for r in ladder.rungs.all())
    new = VariationFactory(owner=trainer)
    ladder_rung_insert(ladder=ladder, variation=new, position=1)
    assert positions(ladder) == [(1, new.pk), (2, a), (3, b), (4, c), (5, d)]
    rung = ladder.rungs.get(position=5)
    assert ladder_rung_move(rung=rung, step=-1)
    assert rung.position == 4
    assert not ladder_rung_move(rung=ladder.rungs.get(position=1), step=-1)
    ladder_rung_remove(rung=ladder.rungs.get(position=2))
    assert positions(ladder) == [(1, new.pk), (2, b), (3, d), (4, c)]
    ladder_rung_insert(ladder=ladder, variation=Variation.objects.get(pk=a))
    assert positions(ladder)[-1] == (5, a)


def test_a_ladder_holds_at_most_thirty_rungs(trainer):
    ladder = LadderFactory(owner=trainer, rungs=30)
    with pytest.raises(ValidationError, match=LADDER_FULL):
        ladder_rung_insert(ladder=ladder, variation=VariationFactory(owner=trainer))


def test_an_empty_ladder_cannot_be_the_one_in_use(trainer):
    ladder = ladder_create(owner=trainer, pattern="carry", name="My carries")
    with pytest.raises(ValidationError, match=LADDER_EMPTY):
        ladder_make_default(ladder=ladder)


def test_a_used_variation_keeps_its_pattern(trainer):
    own = VariationFactory(owner=trainer, pattern="hinge")
    ladder = LadderFactory(owner=trainer)
    Rung.objects.create(ladder=ladder, position=1, variation=own)
    with pytest.raises(ValidationError) as error:
        variation_update(variation=own, pattern="squat")
    assert "pattern" in error.value.message_dict
    variation_update(variation=own, name="Renamed", pattern="hinge")
    own.refresh_from_db()
    assert (own.name, own.pattern) == ("Renamed", "hinge")


def _copies(name: str, count: int) -> list[str]:
    return [f"{name} (copy)"] + [f"{name} (copy {n})" for n in range(2, count + 1)]


def test_the_101st_copy_of_a_variation_or_a_ladder_is_named_like_the_others(trainer):
    rdl = VariationFactory(owner=trainer, name="RDL")
    Variation.objects.bulk_create(
        Variation(owner=trainer, name=name, pattern=rdl.pattern)
        for name in _copies("RDL", 100)
    )
    assert variation_copy(variation=rdl, owner=trainer).name == "RDL (copy 101)"
    hinge = LadderFactory(owner=trainer, name="Hinge", rungs=2)
    Ladder.objects.bulk_create(
        Ladder(owner=trainer, name=name, pattern=hinge.pattern)
        for name in _copies("Hinge", 100)
    )
    assert ladder_copy(ladder=hinge, owner=trainer).name == "Hinge (copy 101)"


def test_a_copy_of_a_name_at_full_length_cuts_the_name_not_the_suffix(trainer):
    long = VariationFactory(owner=trainer, name="R" * 120)
    first = variation_copy(variation=long, owner=trainer)
    second = variation_copy(variation=long, owner=trainer)
    assert first.name == "R" * 113 + " (copy)"
    assert second.name == "R" * 111 + " (copy 2)"
