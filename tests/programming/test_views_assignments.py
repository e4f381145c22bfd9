import pytest
from django.urls import reverse

from programming.models import Assignment, AssignmentChange, Ladder
from programming.services import assignment_set
from programming.services.assignments import AT_BOTTOM, AT_TOP
from tests.factories import ClientFactory, TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def hinge(position: int):
    return (
        Ladder.objects.get(owner=None, pattern="hinge")
        .rungs.get(position=position)
        .variation
    )


def edit_url(client, pattern="hinge"):
    return reverse("programming:assignment_edit", args=[client.pk, pattern])


def valid(**changes) -> dict:
    return {
        "variation": hinge(2).pk,
        "sets": "3",
        "reps": "10",
        "load": "16",
        "load_unit": "kg",
        "reason": "Assessment",
        **changes,
    }


def test_a_trainer_assigns_a_variation_with_a_prescription(
    trainer_client, coached, trainer
):
    page = trainer_client.get(edit_url(coached))
    assert page.context["form"].initial["variation"] == hinge(1).pk, "rung 1 first"
    response = trainer_client.post(edit_url(coached), valid(), follow=True)
    assignment = Assignment.objects.get(client=coached)
    assert (assignment.variation, assignment.reps, assignment.load) == (
        hinge(2),
        10,
        16,
    )
    assert assignment.changes.get().reason == "Assessment"
    assert "is on Kettlebell / dumbbell Romanian deadlift (RDL)" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sets": "three"}, "sets"),
        ({"sets": "0"}, "sets"),
        ({"sets": "-2"}, "sets"),
        ({"sets": "101"}, "sets"),
        ({"reps": "abc"}, "reps"),
        ({"reps": "0"}, "reps"),
        ({"reps": "-5"}, "reps"),
        ({"load": "heavy"}, "load"),
        ({"load": "0"}, "load"),
        ({"load": "-10"}, "load"),
        ({"load": "1000.5"}, "load"),
        ({"load": "2201", "load_unit": "lb"}, "load"),
        ({"load": "1e9"}, "load"),
        ({"reps": "", "seconds": "", "distance_m": ""}, "reps"),
        ({"tempo": "3" * 21}, "tempo"),
        ({"reason": "x" * 501}, "reason"),
    ],
)
def test_bad_prescriptions_are_refused_on_the_field(
    trainer_client, coached, changes, field
):
    response = trainer_client.post(edit_url(coached), valid(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_a_load_up_to_2200_lb_is_fine(trainer_client, coached):
    trainer_client.post(edit_url(coached), valid(load="2200", load_unit="lb"))
    assert Assignment.objects.get().load_display == "2200 lb"


def test_another_trainers_variation_named_in_the_form_is_a_404(trainer_client, coached):
    theirs = VariationFactory(owner=TrainerFactory())
    response = trainer_client.post(edit_url(coached), valid(variation=theirs.pk))
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_another_trainers_client_in_the_url_is_a_404(trainer_client):
    theirs = ClientFactory(trainer=TrainerFactory())
    assert trainer_client.post(edit_url(theirs), valid()).status_code == 404
    url = reverse("programming:assignment_progress", args=[theirs.pk, "hinge"])
    assert trainer_client.post(url).status_code == 404
    assert not Assignment.objects.exists()


def test_an_unknown_pattern_is_a_404(trainer_client, coached):
    assert trainer_client.get(edit_url(coached, "deadlift")).status_code == 404


def test_progress_with_htmx_swaps_the_row_and_keeps_the_reason(
    trainer_client, coached, trainer
):
    assignment_set(client=coached, variation=hinge(3), changed_by=trainer)
    url = reverse("programming:assignment_progress", args=[coached.pk, "hinge"])
    response = trainer_client.post(
        url, {"reason": "Solid <b>lockout</b>"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="pattern-hinge"' in html
    assert "4/11" in html
    assert 'hx-swap-oob="true"' in html
    assert "Solid &lt;b&gt;lockout&lt;/b&gt;" in html
    change = AssignmentChange.objects.filter(kind="progress").get()
    assert (change.from_position, change.to_position) == (3, 4)
    assert change.changed_by == trainer


def test_progress_without_javascript_redirects_with_a_message(
    trainer_client, coached, trainer
):
    assignment_set(client=coached, variation=hinge(3), changed_by=trainer)
    url = reverse("programming:assignment_regress", args=[coached.pk, "hinge"])
    response = trainer_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == coached.get_absolute_url()
    assert "moved down to Kettlebell / dumbbell Romanian deadlift (RDL)" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("position", "action", "message"),
    [(11, "progress", AT_TOP), (1, "regress", AT_BOTTOM)],
)
def test_stepping_off_either_end_says_so_and_changes_nothing(
    trainer_client, coached, trainer, position, action, message
):
    assignment_set(client=coached, variation=hinge(position), changed_by=trainer)
    url = reverse(f"programming:assignment_{action}", args=[coached.pk, "hinge"])
    expected = message.format(variation=hinge(position).name, ladder="Hip hinge")
    htmx = trainer_client.post(url, headers={"HX-Request": "true"})
    assert expected in htmx.content.decode()
    plain = trainer_client.post(url, follow=True)
    assert expected in plain.content.decode()
    assert Assignment.objects.get().variation == hinge(position)
    assert AssignmentChange.objects.count() == 1


def test_a_reason_too_long_is_refused_with_its_message_never_cut(
    trainer_client, coached, trainer
):
    assignment_set(client=coached, variation=hinge(3), changed_by=trainer)
    url = reverse("programming:assignment_progress", args=[coached.pk, "hinge"])
    page = trainer_client.post(url, {"reason": "x" * 501}, follow=True).text
    assert "at most 500 characters" in page
    assert Assignment.objects.get().variation == hinge(3)
    assert not AssignmentChange.objects.filter(kind="progress").exists()


def _button(html: str, name: str) -> str:
    start = html.index(f">{name}<")
    return html[html.rindex("<button", 0, start) : html.index("</button>", start)]


@pytest.mark.parametrize(
    ("position", "off", "on", "why"),
    [
        (1, "Regress", "Progress", "not available, rung 1 is the first"),
        (11, "Progress", "Regress", "not available, this is the top rung"),
    ],
)
def test_a_step_off_the_ladder_is_disabled_with_its_reason(
    trainer_client, coached, trainer, position, off, on, why
):
    """On the client page and in the row htmx swaps in after a step."""
    assignment_set(client=coached, variation=hinge(position), changed_by=trainer)
    page = trainer_client.get(coached.get_absolute_url()).content.decode()
    row = page[page.index('id="pattern-hinge"') :]
    assert " disabled" in _button(row, off)
    assert why in _button(row, off)
    assert " disabled" not in _button(row, on)

    # Stepping in from the neighbouring rung swaps in a row with the same rule.
    neighbour = 2 if position == 1 else 10
    assignment_set(client=coached, variation=hinge(neighbour), changed_by=trainer)
    action = "regress" if position == 1 else "progress"
    url = reverse(f"programming:assignment_{action}", args=[coached.pk, "hinge"])
    swapped = trainer_client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert " disabled" in _button(swapped, off)
    assert " disabled" not in _button(swapped, on)


def test_progress_before_any_assignment_is_a_404(trainer_client, coached):
    url = reverse("programming:assignment_progress", args=[coached.pk, "squat"])
    assert trainer_client.post(url).status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_assignment_page_query_budget(
    trainer_client, coached, trainer, count, django_assert_max_num_queries
):
    assignment = assignment_set(client=coached, variation=hinge(2), changed_by=trainer)
    for _ in range(count):
        assignment.changes.create(kind="set", to_variation=hinge(2), changed_by=trainer)
    with django_assert_max_num_queries(12):
        assert trainer_client.get(edit_url(coached)).status_code == 200
