"""A request the site cannot read answers 400 with the site's page, never a 500:
Django's own 400 view runs the CSRF check again, which reads the body that could
not be read (Django ticket 34709); the project's ``handler400`` reads nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TrainerFactory

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
