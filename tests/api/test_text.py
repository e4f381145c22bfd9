"""The API refuses a control character in a text on the field, never with a 500
(PostgreSQL cannot store NUL); see tests/test_control_characters.py."""

import pytest
from django.urls import reverse

from tests.api.test_endpoints import _workout
from training.models import Workout


@pytest.mark.parametrize("control", ["\x00", "\x01"])
def test_the_api_refuses_a_control_character_on_the_field(api, control, day, athlete):
    api.force_authenticate(athlete.user)
    body = _workout(day, notes=f"Felt{control} strong")
    response = api.post(reverse("api:my_workout_list"), body, format="json")
    assert response.status_code == 400
    assert "notes" in response.json()
    assert not Workout.objects.exists()


@pytest.mark.parametrize("control", ["\x00", "\x01"])
def test_a_control_character_in_an_exercise_note_is_refused_on_it(
    api, control, day, athlete
):
    """The exercises are saved in bulk, without full_clean(): the workout's rules
    refuse it themselves, for the form and the API alike."""
    api.force_authenticate(athlete.user)
    body = _workout(day)
    body["exercises"][0]["note"] = f"Grip{control} slipped"
    response = api.post(reverse("api:my_workout_list"), body, format="json")
    assert response.status_code == 400
    assert "note" in response.json()["exercises"]["0"]
    assert not Workout.objects.exists()
