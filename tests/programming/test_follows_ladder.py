"""A program's exercise follows the client's ladder: Progress, Regress and Set move it
to the new rung with the new rung's dose (the assignment's: what "Where you stand"
says), never the old rung's load; a pinned exercise stays where it is."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from programming.forms import FOLLOW, PIN
from programming.models import Assignment, Ladder, Prescription, Program, Variation
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
    day_add,
    ladder_copy,
    prescription_add,
    prescription_update,
    program_activate,
    program_copy,
    program_create,
)
from programming.services.programs import FOLLOWS_ANOTHER_RUNG
from tests.factories import (
    ClientFactory,
    ClientWithLoginFactory,
    PrescriptionFactory,
    TrainerFactory,
    TrainingDayFactory,
)
from tests.locks import race

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

MY_PROGRAM = reverse("dashboard:my_program")


def rung(pattern: str, position: int) -> Variation:
    return (
        Ladder.objects.get(owner=None, pattern=pattern)
        .rungs.get(position=position)
        .variation
    )


def put_on(client, pattern: str, position: int) -> Assignment:
    return assignment_set(
        client=client, variation=rung(pattern, position), changed_by=client.trainer
    )


def a_day(client, name: str = "Block 1", *, active: bool = True):
    program = program_create(trainer=client.trainer, client=client, name=name)
    day = day_add(program=program, name="Day A")
    if active:
        program_activate(program=program)
    return day


def add(day, variation: Variation, follows_ladder: bool | None = None, **dose):
    dose = {"sets": 4, "reps": 6, "load": Decimal(40), "tempo": "3-1-1", **dose}
    return prescription_add(
        day=day, variation=variation, follows_ladder=follows_ladder, **dose
    )


def variation_of(prescription: Prescription) -> Variation:
    return (
        Prescription.objects.select_related("variation")
        .get(pk=prescription.pk)
        .variation
    )


@pytest.fixture
def alex(trainer):
    return ClientWithLoginFactory(trainer=trainer, first_name="Alex")


# --- The services move the following exercises ----------------------------------------


def test_progress_moves_the_following_exercise_to_the_new_rungs_dose(alex):
    hinge = put_on(alex, "hinge", 2)
    day = a_day(alex)
    following = add(day, rung("hinge", 2), notes="Slow on the way down")
    pinned = add(day, rung("hinge", 2), follows_ladder=False)
    assert (following.follows_ladder, pinned.follows_ladder) == (True, False)

    assignment_progress(assignment=hinge, changed_by=alex.trainer)

    following.refresh_from_db()
    hinge.refresh_from_db()
    assert following.variation == rung("hinge", 3)
    assert (following.sets, following.reps, following.load) == (3, 8, None), (
        "the 40 kg of the old rung never reaches the new one: its first dose"
    )
    assert following.summary == hinge.summary, "one instruction on every screen"
    assert following.notes == "Slow on the way down", "the day's notes stay"
    assert variation_of(pinned) == rung("hinge", 2), "a pinned exercise stays"
    pinned.refresh_from_db()
    assert (pinned.sets, pinned.load) == (4, Decimal(40))
    change = hinge.changes.latest("pk")
    assert change.programs == "Day A: 4 × 6 @ 40 kg, tempo 3-1-1 → 3 × 8"


def test_a_dose_the_trainer_gives_with_the_move_is_the_programs_too(alex):
    put_on(alex, "hinge", 2)
    following = add(a_day(alex), rung("hinge", 2))

    assignment_set(
        client=alex,
        variation=rung("hinge", 4),
        changed_by=alex.trainer,
        sets=5,
        reps=5,
        load=Decimal(60),
    )

    following.refresh_from_db()
    assert (following.variation, following.sets, following.reps, following.load) == (
        rung("hinge", 4),
        5,
        5,
        Decimal(60),
    )


def test_regress_and_set_move_it_too(alex):
    hinge = put_on(alex, "hinge", 4)
    following = add(a_day(alex), rung("hinge", 4))

    assignment_regress(assignment=hinge, changed_by=alex.trainer)
    assert variation_of(following) == rung("hinge", 3)

    assignment_set(client=alex, variation=rung("hinge", 7), changed_by=alex.trainer)
    assert variation_of(following) == rung("hinge", 7)


def test_a_change_of_the_assignment_s_prescription_alone_leaves_the_exercise(alex):
    put_on(alex, "hinge", 2)
    following = add(a_day(alex), rung("hinge", 2))
    before = Prescription.objects.get(pk=following.pk)
    assignment_set(
        client=alex, variation=rung("hinge", 2), changed_by=alex.trainer, reps=12
    )
    after = Prescription.objects.get(pk=following.pk)
    assert (after.variation_id, after.reps, after.updated_at) == (
        before.variation_id,
        before.reps,
        before.updated_at,
    )


def test_a_moved_exercise_records_when_it_moved(alex):
    hinge = put_on(alex, "hinge", 2)
    following = add(a_day(alex), rung("hinge", 2))
    before = Prescription.objects.get(pk=following.pk).updated_at
    assignment_progress(assignment=hinge, changed_by=alex.trainer)
    assert Prescription.objects.get(pk=following.pk).updated_at > before


def test_a_new_ladder_at_the_same_rung_leaves_the_exercise_as_it_was(alex, trainer):
    put_on(alex, "hinge", 2)
    following = add(a_day(alex), rung("hinge", 2))
    before = Prescription.objects.get(pk=following.pk)
    mine = ladder_copy(
        ladder=Ladder.objects.get(owner=None, pattern="hinge"), owner=trainer
    )
    assignment = assignment_set(
        client=alex, variation=rung("hinge", 2), ladder=mine, changed_by=trainer
    )
    assert assignment.ladder == mine
    after = Prescription.objects.get(pk=following.pk)
    assert (after.variation_id, after.updated_at) == (
        before.variation_id,
        before.updated_at,
    )


def test_only_this_client_s_programs_and_this_pattern_move(alex, trainer):
    hinge = put_on(alex, "hinge", 2)
    put_on(alex, "push", 2)
    day = a_day(alex)
    draft_day = a_day(alex, "Next block", active=False)
    hinge_now = add(day, rung("hinge", 2))
    hinge_in_the_draft = add(draft_day, rung("hinge", 2))
    push = add(day, rung("push", 2))

    sam = ClientFactory(trainer=trainer)
    put_on(sam, "hinge", 2)
    sams = add(a_day(sam), rung("hinge", 2))
    template_day = day_add(
        program=program_create(trainer=trainer, name="Template"), name="A"
    )
    in_the_template = add(template_day, rung("hinge", 2), follows_ladder=True)

    assignment_progress(assignment=hinge, changed_by=trainer)

    assert variation_of(hinge_now) == rung("hinge", 3)
    assert variation_of(hinge_in_the_draft) == rung("hinge", 3), "drafts follow too"
    assert variation_of(push) == rung("push", 2), "another pattern stays"
    assert variation_of(sams) == rung("hinge", 2), "another client's program stays"
    assert variation_of(in_the_template) == rung("hinge", 2), "a template has no rung"


def test_a_following_exercise_with_no_rung_yet_moves_when_the_first_is_set(alex):
    following = add(a_day(alex), rung("squat", 1), follows_ladder=True)
    assert following.follows_ladder
    put_on(alex, "squat", 3)
    assert variation_of(following) == rung("squat", 3)


def test_a_failed_progress_moves_nothing(alex):
    top = put_on(alex, "hinge", 11)
    following = add(a_day(alex), rung("hinge", 11))
    with pytest.raises(ValidationError):
        assignment_progress(assignment=top, changed_by=alex.trainer)
    assert variation_of(following) == rung("hinge", 11)


# --- Adding and editing: follow or pin ----------------------------------------------


def test_the_current_rung_follows_by_default_and_anything_else_is_pinned(alex):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    assert add(day, rung("hinge", 2)).follows_ladder
    assert not add(day, rung("hinge", 5)).follows_ladder, "not the client's rung"
    assert not add(day, rung("push", 1)).follows_ladder, "no rung on the pattern"
    assert not add(day, rung("hinge", 2), follows_ladder=False).follows_ladder
    template_day = day_add(
        program=program_create(trainer=alex.trainer, name="T"), name="A"
    )
    assert not add(template_day, rung("hinge", 2)).follows_ladder
    assert add(template_day, rung("hinge", 2), follows_ladder=True).follows_ladder


def test_following_another_variation_than_the_current_rung_is_refused(alex):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    with pytest.raises(ValidationError) as refused:
        add(day, rung("hinge", 5), follows_ladder=True)
    assert refused.value.message_dict == {
        "follows_ladder": [
            FOLLOWS_ANOTHER_RUNG.format(
                client="Alex",
                rung=rung("hinge", 2).name,
                pattern="hinge",
            )
        ]
    }
    assert not day.prescriptions.exists()

    following = add(day, rung("hinge", 2))
    with pytest.raises(ValidationError):
        prescription_update(
            prescription=following, variation=rung("hinge", 5), sets=3, reps=5
        )
    assert variation_of(following) == rung("hinge", 2)


def test_an_edit_can_pin_a_following_exercise_and_follow_a_pinned_one(alex):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    following = add(day, rung("hinge", 2))
    prescription_update(
        prescription=following,
        variation=rung("hinge", 5),
        follows_ladder=False,
        sets=3,
        reps=5,
    )
    following.refresh_from_db()
    assert (following.follows_ladder, following.variation) == (False, rung("hinge", 5))

    prescription_update(
        prescription=following, variation=rung("hinge", 2), follows_ladder=True, sets=3
    )
    assert Prescription.objects.get(pk=following.pk).follows_ladder
    prescription_update(prescription=following, variation=rung("hinge", 2), reps=8)
    assert Prescription.objects.get(pk=following.pk).follows_ladder, "None keeps it"


# --- Copies -------------------------------------------------------------------------


def test_a_template_copied_to_a_client_puts_following_exercises_on_their_rung(
    trainer,
):
    template = program_create(trainer=trainer, name="Foundations")
    day = day_add(program=template, name="Day A")
    add(day, rung("hinge", 1), follows_ladder=True)
    add(day, rung("squat", 1), follows_ladder=True)
    add(day, rung("hinge", 1), follows_ladder=False)

    client = ClientFactory(trainer=trainer)
    put_on(client, "hinge", 4)  # no squat rung yet
    copy = program_create(
        trainer=trainer, client=client, name="Block 1", template=template
    )
    exercises = list(
        Prescription.objects.filter(day__program=copy)
        .order_by("position")
        .values_list("variation", "follows_ladder", "sets", "reps", "load")
    )
    assert exercises == [
        (rung("hinge", 4).pk, True, 4, 6, Decimal(40)),
        (rung("squat", 1).pk, True, 4, 6, Decimal(40)),
        (rung("hinge", 1).pk, False, 4, 6, Decimal(40)),
    ]
    put_on(client, "squat", 2)
    assert Prescription.objects.filter(
        day__program=copy, variation=rung("squat", 2), follows_ladder=True
    ).exists()

    back = program_copy(program=copy, client=None, name="Back to a template")
    assert list(
        Prescription.objects.filter(day__program=back)
        .order_by("position")
        .values_list("variation", "follows_ladder")
    ) == [
        (rung("hinge", 4).pk, True),
        (rung("squat", 2).pk, True),
        (rung("hinge", 1).pk, False),
    ]


# --- The pages show the new variation at once ---------------------------------------


def test_after_a_progress_the_builder_and_my_program_show_the_new_rung(
    client, alex, trainer
):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    add(day, rung("hinge", 2))
    add(day, rung("push", 3), follows_ladder=False)
    client.force_login(trainer)
    moved = client.post(
        reverse("programming:assignment_progress", args=[alex.pk, "hinge"]),
        {"reason": "Pain-free for three weeks"},
        follow=True,
    )
    assert (
        "In the program: Day A: 4 × 6 @ 40 kg, tempo 3-1-1 → 3 × 8."
        in moved.content.decode()
    ), "the trainer sees what the move did to the program"

    page = client.get(day.program.get_absolute_url()).text
    builder = page.split('class="list-group list-group-flush exercises"')[1]
    builder = builder.split("</ol>")[0]
    assert rung("hinge", 3).name in builder
    assert rung("hinge", 2).name not in builder
    assert "Follows the ladder</span>" in builder
    assert "Pinned</span>" in builder

    client.force_login(alex.user)
    mine = client.get(MY_PROGRAM).text
    exercise = mine.split('class="list-group-item py-3 exercise"')[1]
    assert f"A. {rung('hinge', 3).name}</h3>" in exercise
    assert "4 × 6 @ 40 kg" not in exercise, "the old rung's dose is gone"
    assert "3 × 8" in exercise
    assert "Follows your ladder</span>" in exercise
    assert "Pinned by your trainer</span>" in mine
    assert "data-print" in mine, "the print view is this page, printed"


def test_a_following_exercise_with_no_rung_says_so(client, alex, trainer):
    add(a_day(alex), rung("carry", 1), follows_ladder=True, reps=None, distance_m=20)
    client.force_login(trainer)
    program = Program.objects.get(client=alex)
    assert "no rung set yet" in client.get(program.get_absolute_url()).text
    client.force_login(alex.user)
    assert "your trainer has not set your rung yet" in client.get(MY_PROGRAM).text


# --- The form ------------------------------------------------------------------------


def form_data(variation: Variation, **changes) -> dict:
    return {
        "variation": variation.pk,
        "sets": "3",
        "reps": "8",
        "load_unit": "kg",
        **changes,
    }


def test_choosing_the_client_s_current_prescription_follows_the_ladder(
    trainer_client, alex
):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    url = reverse("programming:prescription_new", args=[day.pk])
    form = trainer_client.get(url, {"variation": rung("hinge", 2).pk}).context["form"]
    assert form.initial["follows_ladder"] == FOLLOW
    assert "follows_ladder" not in trainer_client.get(url).context["form"].initial

    trainer_client.post(url, form_data(rung("hinge", 2)))  # left unchosen
    trainer_client.post(url, form_data(rung("hinge", 2), follows_ladder=PIN))
    trainer_client.post(url, form_data(rung("hinge", 6)))
    assert list(
        day.prescriptions.order_by("position").values_list("follows_ladder", flat=True)
    ) == [True, False, False]


@pytest.mark.parametrize("value", ["maybe", "1", "true"])
def test_a_bad_follow_choice_is_refused_on_the_field(trainer_client, alex, value):
    day = a_day(alex)
    response = trainer_client.post(
        reverse("programming:prescription_new", args=[day.pk]),
        form_data(rung("hinge", 2), follows_ladder=value),
    )
    assert "follows_ladder" in response.context["form"].errors
    assert not day.prescriptions.exists()


def test_following_another_rung_is_refused_on_the_field_not_with_a_500(
    trainer_client, alex
):
    put_on(alex, "hinge", 2)
    day = a_day(alex)
    response = trainer_client.post(
        reverse("programming:prescription_new", args=[day.pk]),
        form_data(rung("hinge", 6), follows_ladder=FOLLOW),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["follows_ladder"]
    assert errors == [
        FOLLOWS_ANOTHER_RUNG.format(
            client="Alex", pattern="hinge", rung=rung("hinge", 2).name
        )
    ]
    assert not day.prescriptions.exists()


def test_the_edit_form_shows_and_changes_the_choice(trainer_client, alex):
    put_on(alex, "hinge", 2)
    following = add(a_day(alex), rung("hinge", 2))
    url = reverse("programming:prescription_edit", args=[following.pk])
    assert trainer_client.get(url).context["form"].initial["follows_ladder"] == FOLLOW
    trainer_client.post(url, form_data(rung("hinge", 5), follows_ladder=PIN))
    following.refresh_from_db()
    assert (following.follows_ladder, following.variation) == (False, rung("hinge", 5))
    assert trainer_client.get(url).context["form"].initial["follows_ladder"] == PIN


def test_the_assignment_form_has_no_follow_choice(trainer_client, alex):
    url = reverse("programming:assignment_edit", args=[alex.pk, "hinge"])
    assert "follows_ladder" not in trainer_client.get(url).context["form"].fields


# --- Existing programs: the data migration -------------------------------------------


def test_the_migration_lets_exercises_on_the_client_s_rung_follow(trainer):
    migration = import_module(
        "programming.migrations.0006_follow_the_ladder_where_on_the_rung"
    )
    alex = ClientFactory(trainer=trainer)
    put_on(alex, "hinge", 2)
    put_on(alex, "push", 3)
    day = TrainingDayFactory(program__client=alex)
    on_the_rung = PrescriptionFactory(day=day, variation=rung("hinge", 2))
    push_on_the_rung = PrescriptionFactory(day=day, variation=rung("push", 3))
    off_the_rung = PrescriptionFactory(day=day, variation=rung("hinge", 5))
    no_rung = PrescriptionFactory(day=day, variation=rung("squat", 1))
    dropped = Assignment.objects.create(
        client=alex,
        pattern="lunge",
        variation=rung("lunge", 1),
        ladder=Ladder.objects.get(owner=None, pattern="lunge"),
        is_current=False,
        reps=8,
    )
    on_a_dropped_rung = PrescriptionFactory(day=day, variation=dropped.variation)
    sam = ClientFactory(trainer=trainer)
    sams = PrescriptionFactory(
        day=TrainingDayFactory(program__client=sam), variation=rung("hinge", 2)
    )
    template = PrescriptionFactory(
        day=TrainingDayFactory(program__client=None, program__owner=trainer),
        variation=rung("hinge", 2),
    )
    Prescription.objects.update(follows_ladder=False)  # as 0005 left them

    migration.follow_current_rungs(django_apps, None)

    following = set(
        Prescription.objects.filter(follows_ladder=True).values_list("pk", flat=True)
    )
    assert following == {on_the_rung.pk, push_on_the_rung.pk}
    for pinned in [off_the_rung, no_rung, on_a_dropped_rung, sams, template]:
        assert pinned.pk not in following
    assert variation_of(on_the_rung) == rung("hinge", 2), "no variation changes"


# --- Races (PostgreSQL) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_progress_waits_for_an_exercise_being_added_and_then_moves_it(postgres):
    trainer = TrainerFactory()
    alex = ClientFactory(trainer=trainer)
    hinge = put_on(alex, "hinge", 2)
    day = a_day(alex)

    waited = race(
        lambda: add(day, rung("hinge", 2), follows_ladder=True),
        lambda: assignment_progress(assignment=hinge, changed_by=trainer),
    )

    assert waited, "the progress never waited for the exercise being added"
    assert day.prescriptions.get().variation == rung("hinge", 3)


# --- Query budgets: flat from 1 to 50 exercises --------------------------------------


def program_of(client, exercises: int) -> Program:
    """An active program of ``exercises`` exercises over days of up to 25, every
    pattern's rung set, each other exercise following the ladder."""
    patterns = ["hinge", "squat", "push", "pull", "lunge", "carry"]
    for pattern in patterns:
        put_on(client, pattern, 2)
    program = program_create(trainer=client.trainer, client=client, name="Big")
    day = None
    for n in range(exercises):
        if n % 25 == 0:
            day = day_add(program=program, name=f"Day {n // 25 + 1}")
        pattern = patterns[n % len(patterns)]
        measure = {"reps": None, "distance_m": 20} if pattern == "carry" else {}
        add(day, rung(pattern, 2 if n % 2 else 3), **measure)
    program_activate(program=program)
    return program


@pytest.mark.parametrize("exercises", [1, 50])
def test_the_builder_stays_within_budget(
    client, alex, trainer, exercises, django_assert_max_num_queries
):
    program = program_of(alex, exercises)
    client.force_login(trainer)
    # 7 measured, at 1 and at 50: the page, the days, the exercises, then the
    # client's current rungs and the library that the add form offers.
    with django_assert_max_num_queries(7):
        response = client.get(program.get_absolute_url())
    assert response.text.count("Follows the ladder</span>") == exercises // 2


@pytest.mark.parametrize("exercises", [1, 50])
def test_my_program_stays_within_budget(
    client, alex, exercises, django_assert_max_num_queries
):
    program_of(alex, exercises)
    client.force_login(alex.user)
    # 10 measured, +1 the screening's part, +1 the unread messages, at 1 and at 50.
    with django_assert_max_num_queries(12):
        response = client.get(MY_PROGRAM)
    assert response.text.count('class="list-group-item py-3 exercise"') == exercises
    assert response.text.count("Follows your ladder</span>") == exercises // 2
