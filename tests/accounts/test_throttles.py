"""Throttles that cannot be sidestepped: login failures counted per email whatever
its spelling, and per address; password resets limited per email and per address;
the visitor's address read from the proxy's header, or the peer's when it is
missing, never skipped."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from core.ratelimit import client_ip, client_ip_to_count
from outbox.models import Email
from tests.factories import PASSWORD, TrainerFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
RESET = reverse("password_reset")
SPELLINGS = [
    "coach2@example.com",
    "COACH2@example.com",
    " coach2@example.com",
    "Coach2@Example.com ",
    "coach2@EXAMPLE.COM",
    "  CoAcH2@example.com  ",
    "coach2@example.Com",
    "COACH2@EXAMPLE.COM",
]


WRONG = "not-the-password"


def login(client, email, password=WRONG, ip="198.51.100.1", **meta):
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip, **meta
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def coach(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return TrainerFactory(email="coach2@example.com")


def test_every_spelling_of_an_email_counts_against_one_lockout(client, coach):
    for spelling in SPELLINGS[:4]:
        assert login(client, spelling).status_code == 200
    assert login(client, SPELLINGS[4]).status_code == 429
    # Locked, whichever way it is written, even with the right password.
    for spelling in SPELLINGS:
        assert login(client, spelling, PASSWORD).status_code == 429
    assert not logged_in(client)


def test_failures_for_one_email_count_from_every_address(client, coach):
    for n in range(5):
        login(client, SPELLINGS[n], ip=f"203.0.113.{n + 1}")
    assert login(client, coach.email, PASSWORD, ip="192.0.2.77").status_code == 429


def test_failures_from_one_address_count_across_emails(client, coach):
    for n in range(5):
        login(client, f"guess{n}@example.com")
    # That address is locked out, even for an account it never tried...
    assert login(client, coach.email, PASSWORD).status_code == 429
    # ...and the account is not: from elsewhere it logs in.
    assert login(client, coach.email, PASSWORD, ip="192.0.2.77").status_code == 302


def test_logging_in_to_ones_own_account_does_not_wipe_failures_against_another(
    client, coach
):
    attacker = TrainerFactory(email="attacker@example.com")
    for _ in range(4):
        login(client, coach.email)
    assert login(client, attacker.email, PASSWORD).status_code == 302
    client.logout()
    assert login(client, coach.email).status_code == 429


def test_behind_a_proxy_each_visitor_is_counted_by_the_proxys_header(
    client, coach, settings
):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    other = TrainerFactory(email="other@example.com")
    proxy = "10.0.0.2"
    for n in range(5):
        login(client, f"guess{n}@example.com", ip=proxy, HTTP_X_REAL_IP="203.0.113.9")
    locked = login(
        client, other.email, PASSWORD, ip=proxy, HTTP_X_REAL_IP="203.0.113.9"
    )
    assert locked.status_code == 429
    # Another visitor through the same proxy is not locked out.
    response = login(
        client, other.email, PASSWORD, ip=proxy, HTTP_X_REAL_IP="192.0.2.5"
    )
    assert response.status_code == 302


# --- Password reset -------------------------------------------------------------------


def ask(client, email, ip="198.51.100.1", **meta):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip, **meta)


def test_password_resets_are_limited_per_email_whatever_its_spelling(
    client, coach, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_RATE_LIMIT = "3/h"
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask(client, spelling, ip=f"203.0.113.{n + 1}").status_code
            for n, spelling in enumerate(SPELLINGS)
        ]
    assert answers == [302] * 3 + [429] * 5
    assert Email.objects.filter(to=coach.email).count() <= 3


def test_an_unknown_email_is_limited_alike_so_the_limit_tells_nothing(
    client, coach, settings
):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    known = [ask(client, coach.email, ip="203.0.113.1").status_code for _ in range(3)]
    unknown = [ask(client, "nobody@example.com").status_code for _ in range(3)]
    assert known == unknown == [302, 302, 429]


def test_password_resets_are_limited_per_address(client, coach, settings):
    settings.PASSWORD_RESET_IP_RATE_LIMIT = "4/h"
    answers = [ask(client, f"person{n}@example.com").status_code for n in range(5)]
    assert answers == [302] * 4 + [429]
    # Reading the form is not counted; another address may still ask.
    assert client.get(RESET).status_code == 200
    assert ask(client, coach.email, ip="192.0.2.77").status_code == 302


# --- The visitor's address ------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "address"),
    [
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "203.0.113.9"}, "203.0.113.9"),
        # A list: the entry the proxy added, not the ones the visitor wrote.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "1.2.3.4, 203.0.113.9"},
            "203.0.113.9",
        ),
        # Missing or not an address: the peer's, never nothing.
        ({"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "hello"}, "10.0.0.2"),
    ],
)
def test_the_visitors_address_comes_from_the_proxys_header(settings, meta, address):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().post("/", **meta)
    assert client_ip(request) == address


def test_a_request_with_no_address_at_all_is_a_configuration_error(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="")
    with pytest.raises(ImproperlyConfigured):
        client_ip_to_count(request)


def test_a_missing_proxy_header_does_not_switch_the_form_limit_off(client, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.NEWSLETTER_RATE_LIMIT = "5/h"
    url = reverse("newsletter:subscribe")
    answers = [
        client.post(url, {"email": f"n{n}@example.com"}).status_code for n in range(10)
    ]
    assert answers == [302] * 5 + [429] * 5
