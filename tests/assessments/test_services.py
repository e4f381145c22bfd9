from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Assessment, Protocol, Result, ScreenTest, StartDecision
from assessments.services import (
    RungChoice,
    assessment_accept,
    assessment_delete,
    assessment_record,
    assessment_start,
    protocol_create,
    protocol_delete,
    protocol_update,
    screen_test_create,
    screen_test_delete,
    screen_test_update,
)
from assessments.services.assessments import (
    ALREADY_FINISHED,
    IN_THE_FUTURE,
    JUMP_NEEDS_CONFIRMING,
    NO_RECOMMENDATION,
    NOT_FINISHED,
    NOT_IN_PROTOCOL,
    NOT_ON_LADDER,
    NOT_YOUR_PROTOCOL,
    NOTE_NEEDS_RESULT,
    NOTHING_CHOSEN,
    NOTHING_RECORDED,
    OVERRIDE_NEEDS_REASON,
)
from assessments.services.screens import NOT_YOUR_TEST, PROTOCOL_IN_USE, TEST_IN_USE
from programming.models import Assignment, AssignmentChange, Ladder, Rung
from programming.selectors import first_dose
from programming.services import assignment_set
from tests.assessments.conftest import PERFECT
from tests.factories import (
    AssessmentFactory,
    ProtocolFactory,
    ScreenTestFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def ids_by_key(protocol: Protocol) -> dict[str, int]:
    return {test.key: test.pk for test in protocol.tests.all()}


def record(assessment, values: dict, *, finish=False, **kwargs):
    keys = ids_by_key(assessment.protocol)
    return assessment_record(
        assessment=assessment,
        results={keys[k]: v for k, v in values.items() if k in keys},
        finish=finish,
        **kwargs,
    )


@pytest.fixture
def hinge_assessment(hinge_screen, coached) -> Assessment:
    return assessment_start(
        trainer=coached.trainer,
        client=coached,
        protocol=hinge_screen,
        assessed_on=timezone.localdate(),
    )


def finished(assessment, **changes) -> Assessment:
    record(assessment, PERFECT | changes, finish=True)
    assessment.refresh_from_db()
    return assessment


# --- Starting -------------------------------------------------------------------------


def test_a_trainer_starts_a_draft_for_their_client(hinge_assessment, coached):
    assert hinge_assessment.is_draft
    assert hinge_assessment.assessed_by == coached.trainer
    assert hinge_assessment.finished_at is None


def test_another_trainers_protocol_cannot_be_used(coached):
    with pytest.raises(ValidationError) as caught:
        assessment_start(
            trainer=coached.trainer,
            client=coached,
            protocol=ProtocolFactory(),
            assessed_on=timezone.localdate(),
        )
    assert caught.value.message_dict == {"protocol": [NOT_YOUR_PROTOCOL]}


def test_an_assessment_cannot_be_dated_in_the_future(hinge_screen, coached):
    with pytest.raises(ValidationError) as caught:
        assessment_start(
            trainer=coached.trainer,
            client=coached,
            protocol=hinge_screen,
            assessed_on=timezone.localdate() + timedelta(days=1),
        )
    assert caught.value.message_dict == {"assessed_on": [IN_THE_FUTURE]}


# --- Recording ------------------------------------------------------------------------


def test_a_draft_keeps_partial_results_and_notes(hinge_assessment):
    keys = ids_by_key(hinge_assessment.protocol)
    assessment_record(
        assessment=hinge_assessment,
        results={keys["aslr"]: Decimal("62.5"), keys["hinge_dowel"]: "upper_back"},
        notes={keys["hinge_dowel"]: "Lost it at rep 4"},
        summary="  Tight hamstrings  ",
    )
    hinge_assessment.refresh_from_db()
    assert hinge_assessment.is_draft
    assert hinge_assessment.notes == "Tight hamstrings"
    results = {r.test.key: r for r in hinge_assessment.results.select_related("test")}
    assert results["aslr"].value == Decimal("62.5")
    assert results["hinge_dowel"].value == "upper_back"
    assert results["hinge_dowel"].note == "Lost it at rep 4"


def test_saving_again_replaces_the_sheet(hinge_assessment):
    record(hinge_assessment, {"aslr": 60, "toe_touch": 5})
    record(hinge_assessment, {"aslr": 70, "toe_touch": None})
    results = {
        r.test.key: r.value for r in hinge_assessment.results.select_related("test")
    }
    assert results == {"aslr": 70}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("aslr", 200, "Between 0 and 120°."),
        ("hinge_pain", 11, "Between 0 and 10."),
        ("toe_touch", -5, "Between 0 and 100 cm."),
        ("hinge_quality", 7, "Between 0 and 3."),
        ("goal", "world domination", "Choose one of the listed answers."),
    ],
)
def test_an_out_of_range_result_is_refused_and_nothing_is_saved(
    hinge_assessment, key, value, message
):
    record(hinge_assessment, {"toe_touch": 3})
    keys = ids_by_key(hinge_assessment.protocol)
    with pytest.raises(ValidationError) as caught:
        record(hinge_assessment, {"aslr": 80, "toe_touch": 4, key: value}, finish=True)
    assert caught.value.message_dict == {str(keys[key]): [message]}
    hinge_assessment.refresh_from_db()
    assert hinge_assessment.is_draft
    assert [(r.test.key, r.value) for r in hinge_assessment.results.all()] == [
        ("toe_touch", 3)
    ]


def test_a_result_for_a_test_not_in_the_protocol_is_refused(hinge_assessment):
    stranger = ScreenTestFactory(owner=hinge_assessment.client.trainer)
    keys = ids_by_key(hinge_assessment.protocol)
    with pytest.raises(ValidationError) as caught:
        assessment_record(
            assessment=hinge_assessment,
            results={keys["aslr"]: 80, stranger.pk: 10},
        )
    assert caught.value.message_dict == {str(stranger.pk): [NOT_IN_PROTOCOL]}
    assert not Result.objects.exists()


def test_a_note_needs_a_result(hinge_assessment):
    keys = ids_by_key(hinge_assessment.protocol)
    with pytest.raises(ValidationError) as caught:
        assessment_record(
            assessment=hinge_assessment,
            results={},
            notes={keys["aslr"]: "Did not try"},
        )
    assert caught.value.message_dict == {f"{keys['aslr']}-note": [NOTE_NEEDS_RESULT]}


def test_finishing_keeps_the_recommendation(hinge_assessment):
    finished(hinge_assessment, goal="everyday")
    hinge_assessment.refresh_from_db()
    assert not hinge_assessment.is_draft
    assert hinge_assessment.finished_at is not None
    hinge = hinge_assessment.recommendations["hinge"]
    assert list(hinge_assessment.recommendations) == ["hinge"]
    assert (hinge["position"], hinge["rung"]) == (4, "Barbell RDL")
    assert "A goal of everyday life" in hinge["reasons"][0]


def test_finishing_with_results_missing_names_them(hinge_assessment):
    values = dict(PERFECT)
    del values["toe_touch"]
    hinge = record(hinge_assessment, values, finish=True).recommendations["hinge"]
    assert hinge["position"] == 1
    assert hinge["missing"] == ["toe touch"]


def test_finishing_needs_a_result(hinge_assessment):
    with pytest.raises(ValidationError) as caught:
        record(hinge_assessment, {}, finish=True)
    assert caught.value.messages == [NOTHING_RECORDED]


def test_a_finished_assessment_no_longer_changes(hinge_assessment):
    finished(hinge_assessment)
    with pytest.raises(ValidationError) as caught:
        record(hinge_assessment, {"aslr": 30})
    assert caught.value.messages == [ALREADY_FINISHED]
    assert hinge_assessment.results.get(test__key="aslr").value == 85


def test_only_a_draft_can_be_deleted(hinge_assessment):
    finished(hinge_assessment)
    with pytest.raises(ValidationError):
        assessment_delete(assessment=hinge_assessment)
    draft = AssessmentFactory(client=hinge_assessment.client)
    assessment_delete(assessment=draft)
    assert list(Assessment.objects.all()) == [hinge_assessment]


# --- Accepting ------------------------------------------------------------------------


def test_accepting_sets_the_assignments_with_the_assessment_as_the_reason(
    full_screen, coached
):
    assessment = assessment_start(
        trainer=coached.trainer,
        client=coached,
        protocol=full_screen,
        assessed_on=timezone.localdate(),
    )
    finished(assessment, hinge_dowel="upper_back", goal="everyday")
    decisions = assessment_accept(
        assessment=assessment,
        trainer=coached.trainer,
        choices=[RungChoice("hinge"), RungChoice("squat")],
    )
    assert [d.pattern for d in decisions] == ["hinge", "squat"]
    hinge = Assignment.objects.current().get(client=coached, pattern="hinge")
    assert hinge.variation.name.startswith("Hinge with a dowel rod")
    assert hinge.ladder.is_builtin
    change = AssignmentChange.objects.get(assignment=hinge)
    assert change.changed_by == coached.trainer
    assert change.reason.startswith(
        f"Assessment of {timezone.localdate():%-d %b %Y}: Dowel hinge lost contact at "
        "the upper back"
    )
    assert Assignment.objects.current().filter(client=coached).count() == 2
    assert not StartDecision.objects.filter(is_override=True).exists()


def test_an_override_picks_another_rung_with_a_reason(hinge_assessment):
    finished(hinge_assessment)  # recommends rung 11
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    rack_pull = builtin.rungs.get(position=8).variation
    [decision] = assessment_accept(
        assessment=hinge_assessment,
        trainer=hinge_assessment.client.trainer,
        choices=[
            RungChoice("hinge", rack_pull.pk, "Meet in six weeks: stay off the floor")
        ],
    )
    assert decision.is_override
    assert decision.position == 8
    assignment = Assignment.objects.current().get(client=hinge_assessment.client)
    assert assignment.variation == rack_pull
    assert assignment.changes.get().reason.endswith(
        "Meet in six weeks: stay off the floor (the rules said rung 11: Straight bar "
        "deadlift from the ground)"
    )


def test_an_override_without_a_reason_sets_nothing(full_screen, coached):
    assessment = AssessmentFactory(client=coached, protocol=full_screen)
    finished(assessment)
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    with pytest.raises(ValidationError) as caught:
        assessment_accept(
            assessment=assessment,
            trainer=coached.trainer,
            choices=[
                RungChoice("squat"),
                RungChoice("hinge", builtin.rungs.get(position=2).variation_id, " "),
            ],
        )
    assert caught.value.message_dict == {"hinge-reason": [OVERRIDE_NEEDS_REASON]}
    assert not Assignment.objects.exists()
    assert not StartDecision.objects.exists()


def test_an_override_must_stay_on_the_ladder(hinge_assessment):
    finished(hinge_assessment)
    squat_rung = Rung.objects.filter(
        ladder__owner=None, ladder__pattern="squat"
    ).first()
    with pytest.raises(ValidationError) as caught:
        assessment_accept(
            assessment=hinge_assessment,
            trainer=hinge_assessment.client.trainer,
            choices=[RungChoice("hinge", squat_rung.variation_id, "why not")],
        )
    assert caught.value.message_dict == {"hinge": [NOT_ON_LADDER]}


def test_the_trainers_own_ladder_is_used_when_it_holds_the_rung(hinge_assessment):
    trainer = hinge_assessment.client.trainer
    builtin = list(Ladder.objects.get(owner=None, pattern="hinge").rungs.all())
    own = Ladder.objects.create(
        owner=trainer, pattern="hinge", name="My hinge", is_default=True
    )
    for position, rung in enumerate([builtin[0], builtin[1], builtin[3]], start=1):
        Rung.objects.create(ladder=own, position=position, variation=rung.variation)
    finished(hinge_assessment, training_age="under_1")  # rung 4: Barbell RDL
    [decision] = assessment_accept(
        assessment=hinge_assessment, trainer=trainer, choices=[RungChoice("hinge")]
    )
    assert (decision.ladder, decision.position) == (own, 3)
    assert (
        Assignment.objects.current().get(client=hinge_assessment.client).ladder == own
    )


def test_the_builtin_ladder_is_used_when_the_trainers_lacks_the_rung(hinge_assessment):
    trainer = hinge_assessment.client.trainer
    own = Ladder.objects.create(
        owner=trainer, pattern="hinge", name="My hinge", is_default=True
    )
    first = Rung.objects.get(ladder__owner=None, ladder__pattern="hinge", position=1)
    Rung.objects.create(ladder=own, position=1, variation=first.variation)
    finished(hinge_assessment, training_age="under_1")
    [decision] = assessment_accept(
        assessment=hinge_assessment, trainer=trainer, choices=[RungChoice("hinge")]
    )
    assert decision.ladder.is_builtin
    assert decision.position == 4


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], NOTHING_CHOSEN),
        ([RungChoice("squat")], NO_RECOMMENDATION),
    ],
)
def test_accepting_needs_a_recommended_pattern(hinge_assessment, choices, message):
    finished(hinge_assessment)
    with pytest.raises(ValidationError) as caught:
        assessment_accept(
            assessment=hinge_assessment,
            trainer=hinge_assessment.client.trainer,
            choices=choices,
        )
    assert message in caught.value.messages


def test_a_draft_or_another_trainer_cannot_accept(hinge_assessment):
    with pytest.raises(ValidationError) as caught:
        assessment_accept(
            assessment=hinge_assessment,
            trainer=hinge_assessment.client.trainer,
            choices=[RungChoice("hinge")],
        )
    assert caught.value.messages == [NOT_FINISHED]
    assert not Assignment.objects.exists()


def test_accepting_again_replaces_the_decision(hinge_assessment):
    finished(hinge_assessment)
    trainer = hinge_assessment.client.trainer
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    assessment_accept(
        assessment=hinge_assessment, trainer=trainer, choices=[RungChoice("hinge")]
    )
    assessment_accept(
        assessment=hinge_assessment,
        trainer=trainer,
        choices=[
            RungChoice("hinge", builtin.rungs.get(position=6).variation_id, "Sore back")
        ],
    )
    decision = StartDecision.objects.get()
    assert (decision.position, decision.is_override) == (6, True)
    assert AssignmentChange.objects.count() == 2


# --- Trainers' own tests and protocols ------------------------------------------------


def test_a_trainers_tests_and_protocols_are_their_own(screens):
    trainer, other = TrainerFactory(), TrainerFactory()
    test = screen_test_create(
        owner=trainer,
        name="Grip <b>squeeze</b>",
        pattern="carry",
        kind=ScreenTest.Kind.NUMBER,
        unit="s",
        min_value=0,
        max_value=120,
    )
    screen_test_create(
        owner=other, name=test.name, pattern="carry", kind=ScreenTest.Kind.YES_NO
    )
    with pytest.raises(ValidationError):
        screen_test_create(
            owner=trainer, name="GRIP <b>SQUEEZE</b>", kind=ScreenTest.Kind.PAIN
        )
    builtin = ScreenTest.objects.builtin().get(key="carry_pain")
    protocol = protocol_create(owner=trainer, name="Carry check", tests=[test, builtin])
    assert list(protocol.items.values_list("test", flat=True)) == [test.pk, builtin.pk]
    with pytest.raises(ValidationError) as caught:
        protocol_create(owner=other, name="Mine", tests=[test])
    assert caught.value.message_dict == {"tests": [NOT_YOUR_TEST]}


def test_a_used_protocol_keeps_its_tests_but_not_its_name(hinge_assessment):
    trainer = hinge_assessment.client.trainer
    protocol = ProtocolFactory(owner=trainer)
    AssessmentFactory(client=hinge_assessment.client, protocol=protocol)
    extra = ScreenTestFactory(owner=trainer)
    with pytest.raises(ValidationError) as caught:
        protocol_update(
            protocol=protocol, name="New name", tests=[*protocol.tests.all(), extra]
        )
    assert caught.value.message_dict == {"tests": [PROTOCOL_IN_USE]}
    protocol_update(
        protocol=protocol, name="New name", tests=list(protocol.tests.all())
    )
    protocol.refresh_from_db()
    assert protocol.name == "New name"
    with pytest.raises(ValidationError):
        protocol_delete(protocol=protocol)


def test_a_test_with_results_keeps_its_meaning(hinge_assessment):
    trainer = hinge_assessment.client.trainer
    test = ScreenTestFactory(owner=trainer)
    protocol = ProtocolFactory(owner=trainer, tests=[test])
    assessment = AssessmentFactory(client=hinge_assessment.client, protocol=protocol)
    assessment_record(assessment=assessment, results={test.pk: 5})
    with pytest.raises(ValidationError) as caught:
        screen_test_update(test=test, max_value=Decimal(50))
    assert caught.value.messages == [TEST_IN_USE]
    screen_test_update(test=test, name="Renamed", instructions="Slowly")
    with pytest.raises(ValidationError):
        screen_test_delete(test=test)


def test_builtin_screens_are_not_edited_in_place(hinge_screen):
    with pytest.raises(ValidationError):
        protocol_update(protocol=hinge_screen, name="Mine", tests=[])
    with pytest.raises(ValidationError):
        screen_test_update(test=hinge_screen.tests.first(), name="Changed by a trainer")


# --- A jump of many rungs -------------------------------------------------------------


def _on_rung_one_doing_tens(client) -> Assignment:
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    return assignment_set(
        client=client,
        variation=builtin.rungs.get(position=1).variation,
        changed_by=client.trainer,
        sets=3,
        reps=10,
    )


def test_a_jump_of_more_than_two_rungs_waits_for_the_trainers_confirmation(
    hinge_assessment,
):
    client = hinge_assessment.client
    _on_rung_one_doing_tens(client)
    finished(hinge_assessment)  # recommends rung 11: ten rungs up
    with pytest.raises(ValidationError) as caught:
        assessment_accept(
            assessment=hinge_assessment,
            trainer=client.trainer,
            choices=[RungChoice("hinge")],
        )
    assert caught.value.message_dict == {
        "hinge-jump": [JUMP_NEEDS_CONFIRMING.format(steps=10, position=1)]
    }
    current = Assignment.objects.current().get(client=client)
    assert current.variation.name.startswith("Hinge with a dowel rod")

    assessment_accept(
        assessment=hinge_assessment,
        trainer=client.trainer,
        choices=[RungChoice("hinge", confirm_jump=True)],
    )
    moved = Assignment.objects.current().get(client=client)
    assert moved.variation.name == "Straight bar deadlift from the ground"


def test_the_new_rung_starts_from_the_first_dose_not_the_old_reps_without_load(
    hinge_assessment,
):
    client = hinge_assessment.client
    _on_rung_one_doing_tens(client)
    finished(hinge_assessment)
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    rack_pull = builtin.rungs.get(position=3).variation
    assessment_accept(
        assessment=hinge_assessment,
        trainer=client.trainer,
        choices=[RungChoice("hinge", rack_pull.pk, "Two rungs is enough for now")],
    )
    moved = Assignment.objects.current().get(client=client)
    assert moved.variation == rack_pull
    dose = first_dose("hinge")
    assert (moved.sets, moved.reps, moved.load) == (dose["sets"], dose["reps"], None)


def test_two_rungs_up_needs_no_confirmation(hinge_assessment):
    client = hinge_assessment.client
    _on_rung_one_doing_tens(client)
    finished(hinge_assessment)
    rung_three = Ladder.objects.get(owner=None, pattern="hinge").rungs.get(position=3)
    assessment_accept(
        assessment=hinge_assessment,
        trainer=client.trainer,
        choices=[RungChoice("hinge", rung_three.variation_id, "Step by step")],
    )
    assert Assignment.objects.current().get(client=client).variation_id == (
        rung_three.variation_id
    )
