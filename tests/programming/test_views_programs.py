import pytest
from django.urls import reverse
from django.utils.html import escape

from programming.models import Prescription, Program, TrainingDay, Variation
from programming.services import (
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from programming.services.programs import ACTIVE_CANNOT_BE_DELETED
from tests.factories import (
    ClientFactory,
    PrescriptionFactory,
    ProgramFactory,
    TrainerFactory,
    TrainingDayFactory,
    VariationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def builtin(name: str) -> Variation:
    return Variation.objects.get(owner=None, name=name)


def build(program: Program, days: dict[str, list[str]]) -> Program:
    for day_name, exercises in days.items():
        day = day_add(program=program, name=day_name)
        for name in exercises:
            prescription_add(day=day, variation=builtin(name), sets=3, reps=8)
    return program


def outline(program: Program) -> list[tuple[str, list[str]]]:
    return [
        (day.name, [p.variation.name for p in day.prescriptions.all()])
        for day in program.days.prefetch_related("prescriptions__variation")
    ]


def test_a_trainer_builds_a_program_day_by_day(trainer_client, coached):
    trainer_client.post(
        reverse("programming:program_new", args=[coached.pk]), {"name": "Block 1"}
    )
    program = Program.objects.get(client=coached)
    assert not program.is_active, "a new program is a draft"
    trainer_client.post(
        reverse("programming:day_new", args=[program.pk]), {"name": "Day A"}
    )
    day = program.days.get()
    for name in ["Barbell RDL", "Push-up"]:
        trainer_client.post(
            reverse("programming:prescription_new", args=[day.pk]),
            {
                "variation": builtin(name).pk,
                "sets": "3",
                "reps": "8",
                "load_unit": "kg",
            },
        )
    pushup = day.prescriptions.get(position=2)
    trainer_client.post(
        reverse("programming:prescription_move", args=[pushup.pk]), {"direction": "-1"}
    )
    assert outline(program) == [("Day A", ["Push-up", "Barbell RDL"])]

    response = trainer_client.post(
        reverse("programming:program_activate", args=[program.pk]), follow=True
    )
    program.refresh_from_db()
    assert program.is_active
    assert "it is on their phone" in response.content.decode()


def test_a_client_has_at_most_one_active_program(trainer, coached):
    first = program_create(trainer=trainer, client=coached, name="First")
    second = program_create(trainer=trainer, client=coached, name="Second")
    program_activate(program=first)
    program_activate(program=second)
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    assert Program.objects.filter(client=coached).count() == 2, "older ones stay"


def test_the_active_program_cannot_be_deleted(trainer_client, trainer, coached):
    program = program_create(trainer=trainer, client=coached, name="Now")
    program_activate(program=program)
    url = reverse("programming:program_delete", args=[program.pk])
    response = trainer_client.post(url, follow=True)
    assert escape(ACTIVE_CANNOT_BE_DELETED) in response.content.decode()
    assert Program.objects.filter(pk=program.pk).exists()


def test_copy_to_another_client_and_save_as_template_then_start_from_it(
    trainer_client, trainer, coached
):
    program = build(
        program_create(trainer=trainer, client=coached, name="Block 1"),
        {"Day A": ["Barbell RDL", "Push-up"], "Day B": ["Goblet squat"]},
    )
    other = ClientFactory(trainer=trainer)
    copy_url = reverse("programming:program_copy", args=[program.pk])
    trainer_client.post(copy_url, {"client": other.pk, "name": "Block 1"})
    trainer_client.post(copy_url, {"client": "", "name": "Foundations"})
    template = Program.objects.get(client=None)
    assert template.trainer == trainer
    assert outline(Program.objects.get(client=other)) == outline(program)
    assert outline(template) == outline(program)

    third = ClientFactory(trainer=trainer)
    trainer_client.post(
        reverse("programming:program_new", args=[third.pk]),
        {"name": "From the template", "template": template.pk},
    )
    started = Program.objects.get(client=third)
    assert outline(started) == outline(program)
    assert started.copied_from == template
    templates = trainer_client.get(reverse("programming:program_templates"))
    assert list(templates.context["templates"]) == [template]


def test_a_template_cannot_be_made_active(trainer_client, trainer):
    template = program_create(trainer=trainer, name="Template")
    trainer_client.post(reverse("programming:program_activate", args=[template.pk]))
    template.refresh_from_db()
    assert not template.is_active


def test_copying_to_another_trainers_client_is_a_404(trainer_client, trainer, coached):
    program = program_create(trainer=trainer, client=coached, name="Mine")
    theirs = ClientFactory(trainer=TrainerFactory())
    response = trainer_client.post(
        reverse("programming:program_copy", args=[program.pk]),
        {"client": theirs.pk, "name": "Stolen"},
    )
    assert response.status_code == 404
    assert not Program.objects.filter(client=theirs).exists()


def test_another_trainers_template_or_variation_in_a_form_is_a_404(
    trainer_client, trainer, coached
):
    their_template = ProgramFactory(client=None, owner=TrainerFactory())
    response = trainer_client.post(
        reverse("programming:program_new", args=[coached.pk]),
        {"name": "Sneaky", "template": their_template.pk},
    )
    assert response.status_code == 404
    assert not Program.objects.filter(client=coached).exists()

    day = TrainingDayFactory(program__client=coached)
    their_variation = VariationFactory(owner=TrainerFactory())
    response = trainer_client.post(
        reverse("programming:prescription_new", args=[day.pk]),
        {"variation": their_variation.pk, "sets": "3", "reps": "8", "load_unit": "kg"},
    )
    assert response.status_code == 404
    assert not day.prescriptions.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sets": "0"}, "sets"),
        ({"sets": "1000"}, "sets"),
        ({"reps": "-1"}, "reps"),
        ({"load": "1001"}, "load"),
        ({"load": "abc"}, "load"),
        ({"rest_seconds": "-30"}, "rest_seconds"),
        ({"distance_m": "100000"}, "distance_m"),
    ],
)
def test_bad_exercises_are_refused_on_the_field(
    trainer_client, coached, changes, field
):
    day = TrainingDayFactory(program__client=coached)
    data = {
        "variation": builtin("Push-up").pk,
        "sets": "3",
        "reps": "8",
        "load_unit": "kg",
        **changes,
    }
    response = trainer_client.post(
        reverse("programming:prescription_new", args=[day.pk]), data
    )
    assert field in response.context["form"].errors
    assert not day.prescriptions.exists()


def test_deleting_a_day_asks_first_and_renumbers_the_rest(
    trainer_client, trainer, coached
):
    program = build(
        program_create(trainer=trainer, client=coached, name="P"),
        {"Day A": ["Push-up"], "Day B": [], "Day C": []},
    )
    day_a = program.days.get(name="Day A")
    url = reverse("programming:day_delete", args=[day_a.pk])
    assert trainer_client.get(url).status_code == 200
    assert TrainingDay.objects.filter(pk=day_a.pk).exists()
    trainer_client.post(url)
    assert list(program.days.values_list("name", "position")) == [
        ("Day B", 1),
        ("Day C", 2),
    ]
    assert not Prescription.objects.exists()


def test_removing_an_exercise_asks_first(trainer_client, coached):
    prescription = PrescriptionFactory(day__program__client=coached)
    url = reverse("programming:prescription_delete", args=[prescription.pk])
    assert "Take" in trainer_client.get(url).content.decode()
    trainer_client.post(url)
    assert not Prescription.objects.exists()


def test_other_trainers_program_parts_are_404_and_unchanged(trainer_client):
    theirs = PrescriptionFactory(sets=3)
    for name, pk in [
        ("program_edit", theirs.day.program.pk),
        ("program_delete", theirs.day.program.pk),
        ("day_edit", theirs.day.pk),
        ("day_delete", theirs.day.pk),
        ("prescription_edit", theirs.pk),
        ("prescription_delete", theirs.pk),
    ]:
        url = reverse(f"programming:{name}", args=[pk])
        assert trainer_client.post(url, {"name": "x", "sets": "9"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.sets == 3


@pytest.mark.parametrize("size", [1, 20])
def test_program_builder_query_budget(
    trainer_client, trainer, coached, size, django_assert_max_num_queries
):
    program = program_create(trainer=trainer, client=coached, name="Big")
    names = list(Variation.objects.builtin().values_list("name", flat=True)[:size])
    build(program, {f"Day {n}": names for n in range(1, min(size, 7) + 1)})
    with django_assert_max_num_queries(10):
        response = trainer_client.get(program.get_absolute_url())
    assert response.status_code == 200


def test_an_exercise_can_start_from_the_clients_current_prescription(
    trainer_client, trainer, coached
):
    from programming.services import assignment_set

    rdl = builtin("Barbell RDL")
    assignment_set(
        client=coached, variation=builtin("Farmer carry"), changed_by=trainer, sets=3
    )
    assignment_set(
        client=coached, variation=rdl, changed_by=trainer, sets=4, reps=6, load=40
    )
    day = day_add(
        program=program_create(trainer=trainer, client=coached, name="P"), name="A"
    )
    url = reverse("programming:prescription_new", args=[day.pk])

    offered = trainer_client.get(url)
    assert f'href="?variation={rdl.pk}"' in offered.text
    assert "Barbell RDL · 4 × 6 @ 40 kg" in offered.text
    assert offered.text.index("Barbell RDL") < offered.text.index("Farmer carry")
    assert offered.context["form"].initial == {"reps": 8}

    chosen = trainer_client.get(url, {"variation": rdl.pk}).context["form"]
    assert chosen.initial["variation"] == rdl.pk
    assert (chosen.initial["sets"], chosen.initial["reps"]) == (4, 6)
    assert chosen.initial["load"] == 40

    for junk in ["nonsense", str(builtin("Push-up").pk), "-1", "1e400"]:
        form = trainer_client.get(url, {"variation": junk}).context["form"]
        assert form.initial == {"reps": 8}, junk


def test_a_template_offers_no_current_prescriptions(trainer_client, trainer):
    day = day_add(program=program_create(trainer=trainer, name="T"), name="A")
    response = trainer_client.get(
        reverse("programming:prescription_new", args=[day.pk])
    )
    assert response.context["current"] == []
    assert "does it now" not in response.text
