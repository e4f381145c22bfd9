"""No text takes a control character (NUL above all, which PostgreSQL cannot store):
a form, the API and the CSV import refuse it on the field, never with a 500.
``core.models.TimeStampedModel.clean_fields`` is the one place, under every model;
run these on PostgreSQL too, since SQLite stores NUL."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from core.models import CONTROL_CHARACTER, TimeStampedModel
from exchange.services import client_import_preview
from exchange.services.imports import CONTROL_IN_CELL
from programming.models import Variation
from tests.factories import AdminFactory, TrainerFactory, VariationFactory

pytestmark = pytest.mark.django_db

CONTROLS = ["\x00", "\x01", "\x1b", "\x7f"]


def test_every_model_of_the_project_is_under_the_one_check():
    base = str(settings.BASE_DIR)
    models = [
        m
        for m in apps.get_models()
        if m.__module__.split(".")[0] in {c.name for c in apps.get_app_configs()}
        and apps.get_app_config(m._meta.app_label).path.startswith(base)
        and ".venv" not in apps.get_app_config(m._meta.app_label).path
    ]
    assert models
    assert [m for m in models if not issubclass(m, TimeStampedModel)] == []


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_in_a_cue_is_refused_on_the_field(client, control):
    trainer = TrainerFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("programming:variation_new"),
        {"name": "Swing", "pattern": "hinge", "cues": f"Hips{control} back\nTall"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cues"] == [CONTROL_CHARACTER]
    assert not Variation.objects.filter(owner=trainer).exists()


def test_a_cue_edited_to_hold_nul_is_refused_and_the_old_cues_stay(client):
    variation = VariationFactory(cues=["Tall"])
    client.force_login(variation.owner)
    response = client.post(
        reverse("programming:variation_edit", args=[variation.pk]),
        {"name": variation.name, "pattern": "hinge", "cues": "Ta\x00ll"},
    )
    assert response.context["form"].errors["cues"] == [CONTROL_CHARACTER]
    variation.refresh_from_db()
    assert variation.cues == ["Tall"]


def test_tab_newline_and_carriage_return_are_text(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    client.post(
        reverse("programming:variation_new"),
        {"name": "Swing", "pattern": "hinge", "description": "Hips\tback\r\nTall"},
    )
    assert Variation.objects.get(owner=trainer).description == "Hips\tback\r\nTall"


@pytest.mark.parametrize("control", ["\x00", "\x01"])
def test_the_import_refuses_a_cell_with_a_control_character_by_row_and_column(
    control,
):
    TrainerFactory(email="coach@example.com")
    data = (
        "name,trainer,notes,Sec\x00ret\r\n"
        "Ana Lopez,coach@example.com,Early,\r\n"
        f"Ben Ode,coach@example.com,Knee{control}pain,\r\n"
    ).encode()
    preview = client_import_preview(
        uploaded_by=AdminFactory(), file_name="clients.csv", data=data
    )
    preview.refresh_from_db()
    by_row = {row["row"]: row for row in preview.rows}
    assert by_row[2]["action"] == "create"
    assert by_row[3]["action"] == "refused"
    assert by_row[3]["problems"] == [CONTROL_IN_CELL.format(column="notes")]
    assert preview.report["ignored_columns"] == ["Sec\N{REPLACEMENT CHARACTER}ret"]
