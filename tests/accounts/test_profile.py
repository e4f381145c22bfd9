import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainerFactory


@pytest.mark.django_db
def test_a_user_sets_their_time_zone_and_pages_use_it(client):
    user = TrainerFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Chris", "last_name": "Coach", "time_zone": "America/New_York"},
        follow=True,
    )
    assert "Your profile is saved." in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"
    assert str(response.context["TIME_ZONE"]) == "America/New_York"


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused(client):
    user = TrainerFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Chris", "last_name": "", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    user.refresh_from_db()
    assert user.time_zone == timezone.get_default_timezone_name()
