"""When a programming service refuses, the trainer sees why, on the form or as a
message on the page they go back to; never a 500. These are the pages that used to
let a refusal escape: their services have no refusal a trainer can provoke today
(the forms and the selectors check first), so each test makes the service refuse."""

from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from programming import services
from programming.models import Program, Variation
from tests.factories import (
    LadderFactory,
    PrescriptionFactory,
    ProgramFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

REFUSAL = "Not now: this changed meanwhile."


@pytest.fixture
def refuse(monkeypatch):
    """Make a programming service refuse, as the views call it."""

    def refuse(name: str) -> None:
        def refused(**kwargs):
            raise ValidationError(REFUSAL)

        monkeypatch.setattr(services, name, refused)

    return refuse


@pytest.fixture
def program(coached) -> Program:
    prescription = PrescriptionFactory(day__program=ProgramFactory(client=coached))
    PrescriptionFactory(day=prescription.day, variation=prescription.variation)
    return prescription.day.program


def test_a_refused_program_edit_shows_the_refusal_on_the_form(
    trainer_client, program, refuse
):
    refuse("program_update")
    response = trainer_client.post(
        reverse("programming:program_edit", args=[program.pk]), {"name": "Block 2"}
    )
    assert response.status_code == 200
    assert escape(REFUSAL) in response.content.decode()
    assert response.context["form"].non_field_errors() == [REFUSAL]
    program.refresh_from_db()
    assert program.name != "Block 2"


def test_a_refused_day_edit_shows_the_refusal_on_the_form(
    trainer_client, program, refuse
):
    refuse("day_update")
    day = program.days.get()
    response = trainer_client.post(
        reverse("programming:day_edit", args=[day.pk]), {"name": "Day B"}
    )
    assert response.status_code == 200
    assert escape(REFUSAL) in response.content.decode()
    day.refresh_from_db()
    assert day.name != "Day B"


def test_a_refused_copy_shows_the_refusal_on_the_form(trainer_client, program, refuse):
    refuse("program_copy")
    response = trainer_client.post(
        reverse("programming:program_copy", args=[program.pk]), {"name": "Copy"}
    )
    assert response.status_code == 200
    assert escape(REFUSAL) in response.content.decode()
    assert not Program.objects.filter(name="Copy").exists()


@dataclass
class Button:
    """A POST with no form of its own: its route, what to post, and the service."""

    route: str
    service: str
    data: dict


def _route_kwargs(route: str, program: Program, trainer) -> dict:
    day = program.days.get()
    prescription = day.prescriptions.first()
    ladder = LadderFactory(owner=trainer, rungs=2)
    return {
        "day_move": {"pk": day.pk},
        "day_delete": {"pk": day.pk},
        "prescription_move": {"pk": prescription.pk},
        "prescription_delete": {"pk": prescription.pk},
        "variation_copy": {"pk": Variation.objects.filter(owner=None).first().pk},
        "ladder_copy": {"pk": ladder.pk},
        "ladder_use_builtin": {"pk": ladder.pk},
        "rung_move": {"pk": ladder.pk, "position": 1},
        "rung_remove": {"pk": ladder.pk, "position": 1},
    }[route]


@pytest.mark.parametrize(
    "button",
    [
        Button("day_move", "day_move", {"direction": "1"}),
        Button("day_delete", "day_delete", {}),
        Button("prescription_move", "prescription_move", {"direction": "1"}),
        Button("prescription_delete", "prescription_delete", {}),
        Button("variation_copy", "variation_copy", {}),
        Button("ladder_copy", "ladder_copy", {}),
        Button("ladder_use_builtin", "ladder_use_builtin", {}),
        Button("rung_move", "ladder_rung_move", {"direction": "1"}),
        Button("rung_remove", "ladder_rung_remove", {}),
    ],
    ids=lambda b: b.route,
)
def test_a_refused_button_goes_back_with_the_refusal_as_an_error(
    trainer_client, trainer, program, refuse, button
):
    kwargs = _route_kwargs(button.route, program, trainer)
    refuse(button.service)
    response = trainer_client.post(
        reverse(f"programming:{button.route}", kwargs=kwargs), button.data
    )
    assert response.status_code == 302
    sent = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert sent == [("error", REFUSAL)]


def test_a_refused_move_in_the_builder_shows_the_refusal_on_the_day(
    trainer_client, program, refuse
):
    refuse("prescription_move")
    prescription = program.days.get().prescriptions.first()
    response = trainer_client.post(
        reverse("programming:prescription_move", args=[prescription.pk]),
        {"direction": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert escape(REFUSAL) in response.content.decode()
