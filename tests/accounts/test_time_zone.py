"""Time zones found, not asked: the browser's zone offered in one click, and the
trainer's own zone named on the week."""

import pytest
from django.urls import reverse

from accounts.views import TIME_ZONE_SET
from tests.factories import ClientWithLoginFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("landing", ["dashboard:index", "dashboard:my_program"])
def test_the_landing_page_carries_the_offer_and_its_script(client, landing):
    user = (
        TrainerFactory()
        if landing == "dashboard:index"
        else ClientWithLoginFactory().user
    )
    client.force_login(user)
    html = client.get(reverse(landing)).content.decode()
    assert "data-time-zone-offer" in html
    assert f'data-profile-zone="{user.time_zone}"' in html
    assert f'action="{reverse("accounts:time_zone")}"' in html
    assert "js/time-zone.js" in html


def test_taking_the_offer_sets_the_zone_and_goes_back(client):
    trainer = TrainerFactory(time_zone="UTC")
    client.force_login(trainer)
    back = reverse("dashboard:index")
    response = client.post(
        reverse("accounts:time_zone"),
        {"time_zone": "America/New_York", "next": back},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    trainer.refresh_from_db()
    assert trainer.time_zone == "America/New_York"
    assert TIME_ZONE_SET.format(zone="America/New York") in response.text


def test_an_unknown_zone_or_a_foreign_next_changes_nothing(client):
    trainer = TrainerFactory(time_zone="UTC")
    client.force_login(trainer)
    response = client.post(
        reverse("accounts:time_zone"),
        {"time_zone": "Mars/Olympus", "next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("dashboard:landing")
    assert "is not a time zone we know" in response.text
    trainer.refresh_from_db()
    assert trainer.time_zone == "UTC"


def test_the_profile_takes_a_typed_city(client):
    trainer = TrainerFactory(time_zone="UTC")
    client.force_login(trainer)
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Chris", "last_name": "Coach", "time_zone": "lisbon"},
    )
    trainer.refresh_from_db()
    assert trainer.time_zone == "Europe/Lisbon"


def test_the_week_names_the_trainers_zone_not_utc(client):
    trainer = TrainerFactory(time_zone="America/New_York")
    client.force_login(trainer)
    html = client.get(reverse("scheduling:week")).content.decode()
    assert "times in America/New York" in html
    assert "times in UTC" not in html
