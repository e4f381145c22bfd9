"""The fast builder's pages, with htmx and as plain form posts."""

import pytest
from django.urls import reverse

from programming.forms import PrescriptionBatchForm
from programming.models import Prescription, Variation
from programming.models.prescription import NEEDS_A_MEASURE
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    prescription_superset,
    program_activate,
    program_create,
)
from programming.services.programs import ORDER_IS_STALE
from programming.views.programs import EXERCISES_REORDERED
from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    TrainerFactory,
    VariationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

HTMX = {"HTTP_HX_REQUEST": "true"}


def builtin(name: str) -> Variation:
    return Variation.objects.get(owner=None, name=name)


@pytest.fixture
def day(trainer, coached):
    assignment_set(
        client=coached,
        variation=builtin("Barbell RDL"),
        changed_by=trainer,
        sets=4,
        reps=6,
        load=40,
    )
    program = program_create(trainer=trainer, client=coached, name="Block 1")
    return day_add(program=program, name="Day A")


def fill(day, *names: str) -> list[Prescription]:
    return [
        prescription_add(day=day, variation=builtin(name), sets=3, reps=8)
        for name in names
    ]


def names(day) -> list[str]:
    return [p.variation.name for p in day.prescriptions.select_related("variation")]


def add_many(client, day, variations, extra=None, **headers):
    data = {
        "variations": [v.pk for v in variations],
        "sets": "3",
        "reps": "10",
        "load": "",
        "load_unit": "kg",
        **(extra or {}),
    }
    url = reverse("programming:prescription_add_many", args=[day.pk])
    return client.post(url, data, **headers)


def test_the_builder_offers_the_clients_current_rungs_before_the_library(
    trainer_client, day
):
    page = trainer_client.get(day.program.get_absolute_url()).text
    current = page.index("current rungs: they follow the ladder")
    rdl = f'value="{builtin("Barbell RDL").pk}"'
    assert current < page.index(rdl) < page.index(f'value="{builtin("Push-up").pk}"')
    assert page.count(rdl) == 1, "the current rung is not offered twice"
    assert "4 × 6 @ 40 kg" in page


def test_several_exercises_are_added_in_one_post_without_javascript(
    trainer_client, day
):
    chosen = [builtin("Push-up"), builtin("Barbell RDL"), builtin("Goblet squat")]
    response = add_many(trainer_client, day, chosen)
    assert response.status_code == 302
    assert response.url == f"{day.program.get_absolute_url()}#day-{day.pk}"
    assert names(day) == ["Push-up", "Barbell RDL", "Goblet squat"]
    rdl = day.prescriptions.get(variation__name="Barbell RDL")
    assert rdl.follows_ladder
    assert (rdl.sets, rdl.reps) == (4, 6)
    assert day.prescriptions.get(variation__name="Push-up").reps == 10
    page = trainer_client.get(response.url).text
    assert "Push-up, Barbell RDL and Goblet squat are added to Day A." in page


def test_with_htmx_the_day_is_swapped_in_place(trainer_client, day):
    response = add_many(trainer_client, day, [builtin("Push-up")], **HTMX)
    assert response.status_code == 200
    assert f'<section class="card mb-3 training-day" id="day-{day.pk}"' in response.text
    assert 'id="builder-status" hx-swap-oob="innerHTML">Push-up is added' in (
        response.text
    )
    assert names(day) == ["Push-up"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_bad_batch_adds_nothing_and_says_why(trainer_client, day, headers):
    fill(day, "Push-up")
    chosen = [builtin("Goblet squat"), builtin("Barbell RDL")]
    response = add_many(trainer_client, day, chosen, {"reps": ""}, **headers)
    assert response.status_code == (200 if headers else 422)
    assert NEEDS_A_MEASURE in response.text
    # What was ticked stays ticked, to fix the dose and post again.
    assert f'value="{builtin("Goblet squat").pk}" id="day{day.pk}-v' in response.text
    assert response.text.count("checked>") >= 2
    assert names(day) == ["Push-up"]

    nothing = add_many(trainer_client, day, [], **headers)
    assert "Tick at least one exercise to add." in nothing.text
    assert names(day) == ["Push-up"]


def test_another_trainers_variation_in_the_batch_is_a_404(trainer_client, day):
    theirs = VariationFactory(owner=TrainerFactory())
    response = add_many(trainer_client, day, [builtin("Push-up"), theirs])
    assert response.status_code == 404
    assert names(day) == []


def test_the_library_search_works_with_and_without_htmx(trainer_client, day):
    url = day.program.get_absolute_url()
    plain = trainer_client.get(url, {"day": day.pk, "q": "deadlift"})
    assert plain.status_code == 200
    assert "<html" in plain.text
    assert 'value="deadlift"' in plain.text
    assert f'id="add-{day.pk}" open' in plain.text

    pushup = builtin("Push-up")
    partial = trainer_client.get(
        url,
        {"day": day.pk, "q": "rdl", "variations": [pushup.pk, "x", "9" * 30]},
        **HTMX,
    )
    assert "<html" not in partial.text
    ticked = partial.text.index(f'value="{pushup.pk}"')
    assert ticked < partial.text.index("Barbell RDL")  # the current rung
    assert "Barbell RDL" in partial.text
    assert "Goblet squat" not in partial.text
    choices = partial.context["choices"]
    assert [v.name for v in choices.chosen] == ["Push-up"]
    assert [a.variation.name for a in choices.current] == ["Barbell RDL"]
    assert builtin("Barbell RDL") not in choices.library


def test_a_search_of_another_programs_day_is_a_404(trainer_client, day):
    elsewhere = PrescriptionFactory().day
    response = trainer_client.get(
        day.program.get_absolute_url(), {"day": elsewhere.pk, "q": "x"}, **HTMX
    )
    assert response.status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_drag_posts_the_new_order(trainer_client, day, headers):
    rdl, pushup, squat = fill(day, "Barbell RDL", "Push-up", "Goblet squat")
    url = reverse("programming:prescription_reorder", args=[day.pk])
    response = trainer_client.post(
        url, {"order": [squat.pk, rdl.pk, pushup.pk]}, **headers
    )
    assert names(day) == ["Goblet squat", "Barbell RDL", "Push-up"]
    if headers:
        assert EXERCISES_REORDERED.format(day="Day A") in response.text
    else:
        assert response.status_code == 302

    stale = trainer_client.post(url, {"order": [rdl.pk]}, follow=True, **headers)
    assert ORDER_IS_STALE.format(day="Day A") in stale.text
    junk = trainer_client.post(url, {"order": ["x"]}, follow=True, **headers)
    assert ORDER_IS_STALE.format(day="Day A") in junk.text
    assert names(day) == ["Goblet squat", "Barbell RDL", "Push-up"]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_up_and_down_work_as_plain_posts_and_with_htmx(trainer_client, day, headers):
    _, pushup = fill(day, "Barbell RDL", "Push-up")
    url = reverse("programming:prescription_move", args=[pushup.pk])
    response = trainer_client.post(url, {"direction": "-1"}, **headers)
    assert names(day) == ["Push-up", "Barbell RDL"]
    if headers:
        assert response.status_code == 200
        assert f'id="move-{pushup.pk}-up"' in response.text
        assert "Push-up is A now." in response.text
    else:
        assert response.url.endswith(f"#day-{day.pk}")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_superset_is_made_and_split_from_the_builder(trainer_client, day, headers):
    rdl, pushup = fill(day, "Barbell RDL", "Push-up")
    url = reverse("programming:prescription_superset", args=[pushup.pk])
    trainer_client.post(url, {"joined": "1"}, **headers)
    page = trainer_client.get(day.program.get_absolute_url()).text
    assert 'exercise-label">A1</span>' in page
    assert 'exercise-label">A2</span>' in page
    assert "Split<span" in page

    response = trainer_client.post(url, {"joined": "0"}, **headers)
    assert set(day.prescriptions.values_list("superset", flat=True)) == {None}
    if headers:
        assert "Push-up is B now, apart from Barbell RDL." in response.text

    first = reverse("programming:prescription_superset", args=[rdl.pk])
    refused = trainer_client.post(first, {"joined": "1"}, follow=True, **headers)
    assert "has none above it" in refused.text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_day_is_added_in_place_with_htmx(trainer_client, day, headers):
    url = reverse("programming:day_new", args=[day.program.pk])
    response = trainer_client.post(url, {"name": "Day B"}, **headers)
    assert day.program.days.count() == 2
    if not headers:
        assert response.status_code == 302
        return
    assert "Day A</h2>" in response.text
    assert "Day B</h2>" in response.text
    assert 'id="add-day-form" hx-post' in response.text
    assert 'hx-swap-oob="true"' in response.text
    refused = trainer_client.post(url, {"name": ""}, **headers)
    assert refused.headers["HX-Retarget"] == "#add-day-form"
    assert refused.headers["HX-Reswap"] == "outerHTML"
    assert "This field is required." in refused.text


def test_my_program_reads_the_supersets(client, trainer):
    alex = ClientWithLoginFactory(trainer=trainer)
    program = program_create(trainer=trainer, client=alex, name="Block 1")
    day = day_add(program=program, name="Day A")
    _, pushup, _ = fill(day, "Barbell RDL", "Push-up", "Goblet squat")
    prescription_superset(prescription=pushup, joined=True)
    program_activate(program=program)
    client.force_login(alex.user)
    page = client.get(reverse("dashboard:my_program")).text
    assert "A1. Barbell RDL" in page
    assert "A2. Push-up" in page
    assert "B. Goblet squat" in page


def test_the_batch_form_keeps_the_order_of_the_page():
    variations = Variation.objects.builtin()
    a, b, c = variations.order_by("pk")[:3]
    form = PrescriptionBatchForm(
        {
            "variations": [c.pk, a.pk, c.pk, b.pk],
            "sets": 3,
            "reps": 8,
            "load_unit": "kg",
        },
        variations=variations,
        day_pk=1,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["variations"] == [c, a, b]


@pytest.mark.parametrize("exercises", [1, 30])
def test_the_builder_and_its_swaps_stay_within_budget(
    trainer_client, trainer, coached, exercises, django_assert_max_num_queries
):
    program = program_create(trainer=trainer, client=coached, name="Big")
    day = day_add(program=program, name="Day A")
    variations = list(Variation.objects.builtin()[:exercises])
    for variation in variations:
        prescription_add(day=day, variation=variation, sets=3, reps=8)
    if exercises > 1:
        prescription_superset(prescription=day.prescriptions.last(), joined=True)
    # The page, the days, the exercises, the current rungs, the library: 7.
    with django_assert_max_num_queries(7):
        page = trainer_client.get(program.get_absolute_url())
    assert page.text.count("data-exercise=") == exercises
    with django_assert_max_num_queries(7):  # the program as above, for one day
        trainer_client.get(
            program.get_absolute_url(), {"day": day.pk, "q": "squat"}, **HTMX
        )
    last = day.prescriptions.last()
    # The move (lock, swap, renumber; the database gives the client a new revision)
    # and the day redrawn: the same at 1 and 30.
    with django_assert_max_num_queries(20):
        swapped = trainer_client.post(
            reverse("programming:prescription_move", args=[last.pk]),
            {"direction": "-1"},
            **HTMX,
        )
    assert swapped.text.count("data-exercise=") == exercises
