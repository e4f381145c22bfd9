"""A request the site cannot read answers 400 with the site's page, never a 500:
Django's own 400 view runs the CSRF check again, which reads the body that could
not be read (Django ticket 34709); the project's ``handler400`` reads nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.views import UNREADABLE
from tests.factories import AdminFactory, TrainerFactory

pytestmark = pytest.mark.django_db

LATIN_1 = "application/x-www-form-urlencoded; charset=latin-1"


@pytest.mark.parametrize(
    "route", ["newsletter:subscribe", "clients:consultation_request", "login"]
)
def test_a_form_not_in_utf8_answers_the_sites_400_page(route):
    browser = Client(enforce_csrf_checks=True)  # the CSRF check is what read it again
    url = reverse(route)
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&email=ren%E9%40example.com".encode()
    response = browser.post(url, body, content_type=LATIN_1)
    assert response.status_code == 400
    assert "That request could not be understood" in response.text


def test_a_trainer_sending_one_gets_the_page_too():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(TrainerFactory())
    browser.get(reverse("dashboard:index"))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        reverse("accounts:time_zone"),
        f"csrfmiddlewaretoken={token}&time_zone=Am%E9rica".encode(),
        content_type=LATIN_1,
    )
    assert response.status_code == 400
    assert reverse("dashboard:landing") in response.text


def test_a_request_in_ascii_with_a_query_in_utf8_is_a_400_not_a_500(client):
    """Django reads the query in the charset the body claims; the admin's list
    writes the query back out in it and failed (UnicodeEncodeError)."""
    client.force_login(AdminFactory())
    url = reverse("admin:clients_client_changelist") + "?q=%D7%A9%D7%9C%D7%95%D7%9D"
    for method in ("GET", "POST"):
        response = client.generic(
            method, url, b"action=", content_type="text/plain; charset=ascii"
        )
        assert response.status_code == 400
        assert "That request could not be understood" in response.text
    assert client.get(url).status_code == 200


def test_json_in_another_charset_is_a_400_in_json():
    api = APIClient()
    api.force_authenticate(TrainerFactory())
    response = api.post(
        reverse("api:workout_list"),
        '{"notes": "é"}'.encode("utf-16"),
        content_type="application/json; charset=utf-16",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": UNREADABLE}
