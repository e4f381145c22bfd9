"""The dashboard's rows, built in Python: every text escaped, every link its own."""

import pytest
from django.urls import reverse

from clients.services import client_tags_set
from programming.services import program_activate, program_create
from tests.factories import ClientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def test_a_row_escapes_what_the_trainer_typed_and_links_to_its_own_client(
    trainer_client, trainer
):
    sam = ClientFactory(
        trainer=trainer,
        first_name="<b>Sam</b>",
        last_name='"&quot;',
        email="sam+1@example.com",
    )
    other = ClientFactory(trainer=trainer, first_name="Robin")
    client_tags_set(client=sam, tags=["knee & hip", "<i>"])
    program = program_create(trainer=trainer, client=sam, name="<script>x</script>")
    program_activate(program=program)

    html = trainer_client.get(reverse("dashboard:index")).content.decode()

    assert "<b>Sam</b>" not in html
    assert "&lt;b&gt;Sam&lt;/b&gt;" in html
    assert "&quot;&amp;quot;" in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "?tag=knee%20%26%20hip" in html
    assert ">knee &amp; hip</a>" in html
    assert ">&lt;i&gt;</a>" in html
    assert f'href="{sam.get_absolute_url()}"' in html
    assert f'href="{other.get_absolute_url()}"' in html
    assert f'href="{program.get_absolute_url()}"' in html
    assign = reverse("programming:assignment_edit", args=[other.pk, "carry"])
    assert f'href="{assign}"' in html
    assert "No active program" in html  # Robin's


def test_a_row_without_workout_or_program_says_so(trainer_client, trainer):
    ClientFactory(trainer=trainer, first_name="Kim")
    html = trainer_client.get(reverse("dashboard:index")).content.decode()
    assert "No workout yet" in html
    assert "workouts in 4 weeks" not in html  # nothing planned
