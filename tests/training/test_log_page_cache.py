"""The log page's body is kept per revision of the client: each response still
has a uid and a token of its own, and a change shows at once."""

import re

import pytest
from django.urls import reverse

from tests.factories import ClientWithLoginFactory
from tests.training.posts import form_data

pytestmark = pytest.mark.django_db

UID = re.compile(r'name="uid" value="([0-9a-f-]{36})"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_url(day) -> str:
    return reverse("training:my_day_log", kwargs={"pk": day.pk})


def test_each_response_has_its_own_uid_and_this_sessions_token(athlete_client, day):
    first = athlete_client.get(log_url(day)).content.decode()
    second = athlete_client.get(log_url(day)).content.decode()
    uids = {UID.search(first).group(1), UID.search(second).group(1)}
    assert len(uids) == 2
    assert "00000000-0000-4000-8000-000000000000" not in first + second
    token = TOKEN.search(second).group(1)
    assert "csrf-token-of-this-response" not in token
    assert "<title>Log Day A" in second


def test_a_workout_logged_shows_as_the_last_time_at_once(athlete_client, day):
    before = athlete_client.get(log_url(day)).content.decode()
    assert "First time at this exercise." in before
    data = form_data(day, uid=UID.search(before).group(1))
    data["e0-s0-amount"] = "6"
    assert athlete_client.post(log_url(day), data).status_code == 302
    after = athlete_client.get(log_url(day)).content.decode()
    assert "First time at this exercise." not in after
    assert "<strong>6 @ 40 kg, 2 × 8 @ 40 kg</strong>" in after


def test_a_day_renamed_shows_at_once(athlete_client, day):
    athlete_client.get(log_url(day))
    day.name = "Day <B>"
    day.save()
    html = athlete_client.get(log_url(day)).content.decode()
    assert "Day &lt;B&gt;" in html
    assert "<title>Log Day &lt;B&gt;" in html


def test_the_trainers_page_is_not_the_clients(client, athlete_client, athlete, day):
    athlete_client.get(log_url(day))
    client.force_login(athlete.trainer)
    html = client.get(
        reverse(
            "training:client_day_log", kwargs={"client_pk": athlete.pk, "pk": day.pk}
        )
    ).content.decode()
    assert f'href="{athlete.get_absolute_url()}"' in html  # the trainer's breadcrumb


def test_another_clients_day_is_a_404_even_once_kept(client, athlete_client, day):
    athlete_client.get(log_url(day))  # kept under the athlete's key
    other = ClientWithLoginFactory()
    client.force_login(other.user)
    assert client.get(log_url(day)).status_code == 404


def test_a_refused_post_shows_what_was_typed_and_why(athlete_client, day):
    page = athlete_client.get(log_url(day)).content.decode()
    uid = UID.search(page).group(1)
    response = athlete_client.post(
        log_url(day), form_data(day, uid=uid, **{"e0-s0-amount": "-3"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{uid}"' in html  # the same uid: sent again, saved once
    assert 'value="-3"' in html
    assert "csrf-token-of-this-response" not in html
