"""A client's "My program": their own program and ladders, nothing of anyone else."""

import pytest
from django.urls import reverse

from programming.models import Ladder, Variation
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.factories import ClientWithLoginFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

URL = reverse("dashboard:my_program")


def hinge(position: int) -> Variation:
    return (
        Ladder.objects.get(owner=None, pattern="hinge")
        .rungs.get(position=position)
        .variation
    )


@pytest.fixture
def athlete(trainer):
    return ClientWithLoginFactory(trainer=trainer, first_name="Alex")


def give_program(client, *, days: int = 2, exercises: int = 3, name="Block 1"):
    program = program_create(trainer=client.trainer, client=client, name=name)
    variations = list(Variation.objects.builtin().order_by("pk")[:exercises])
    for n in range(days):
        day = day_add(program=program, name=f"Day {'ABCDEFG'[n]}")
        for variation in variations:
            prescription_add(
                day=day, variation=variation, sets=3, reps=8, load=20, tempo="3-1-1"
            )
    program_activate(program=program)
    return program


def test_my_program_shows_each_day_with_prescriptions_cues_and_video(client, athlete):
    dowel = hinge(1)
    dowel.video_url = "https://video.example.com/hinge"
    dowel.save()
    give_program(athlete)
    client.force_login(athlete.user)
    html = client.get(URL).content.decode()
    assert "Block 1" in html
    assert "Day A" in html
    assert "Day B" in html
    assert "3 × 8 @ 20 kg" in html
    assert "Tempo 3-1-1" in html
    assert "Start standing tall" in html
    assert 'href="https://video.example.com/hinge"' in html


def test_my_program_shows_where_they_stand_and_the_next_rung(client, athlete):
    assignment_set(
        client=athlete, variation=hinge(4), changed_by=athlete.trainer, reps=6
    )
    client.force_login(athlete.user)
    html = client.get(URL).content.decode()
    assert "rung 4 of 11" in html
    assert "Working toward: <strong>Kettlebell / dumbbell deadlift from the floor" in (
        html
    )


def test_the_top_rung_says_so(client, athlete):
    assignment_set(client=athlete, variation=hinge(11), changed_by=athlete.trainer)
    client.force_login(athlete.user)
    assert "You are on the top rung" in client.get(URL).content.decode()


def test_before_any_program_the_client_is_told_what_comes(client, athlete):
    client.force_login(athlete.user)
    html = client.get(URL).content.decode()
    assert "starts with an assessment" in html


def test_nothing_of_another_client_ever_shows(client, athlete, trainer):
    other = ClientWithLoginFactory(trainer=trainer)
    give_program(other, name="Someone else's block")
    assignment_set(client=other, variation=hinge(9), changed_by=trainer)
    inactive = program_create(trainer=trainer, client=athlete, name="Draft <i>")
    day_add(program=inactive, name="Hidden day")
    client.force_login(athlete.user)
    html = client.get(URL).content.decode()
    assert "Someone else" not in html
    assert "Trap bar deadlift from the ground" not in html
    assert "Draft" not in html, "a draft is not on the client's phone yet"


def test_trainers_cannot_open_my_program(trainer_client):
    assert trainer_client.get(URL).status_code == 403


@pytest.mark.parametrize(("days", "exercises"), [(1, 1), (7, 12)])
def test_my_program_query_budget_does_not_grow_with_the_program(
    client, athlete, days, exercises, django_assert_max_num_queries
):
    give_program(athlete, days=days, exercises=exercises)
    for position, pattern in enumerate(["hinge", "squat", "push", "pull"], start=2):
        variation = (
            Ladder.objects.get(owner=None, pattern=pattern)
            .rungs.get(position=position)
            .variation
        )
        assignment_set(client=athlete, variation=variation, changed_by=None)
    client.force_login(athlete.user)
    with django_assert_max_num_queries(12):  # + the screening's part, the unread count
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item py-3 exercise"') == (
        days * exercises
    )
