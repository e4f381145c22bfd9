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
