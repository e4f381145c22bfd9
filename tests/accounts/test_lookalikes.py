"""A lookalike email never unlocks an account: each spelling of admin@example.com
that the attacks used (a dotless i, a long s, a Cyrillic e, full width, a
zero-width space, upper case) is either that address (same account, same lockout,
same reset allowance) or no one's address counted as that one; never a second
identity with a count of its own."""

import pytest
from django.urls import reverse

from outbox.models import Email
from tests.factories import PASSWORD, AdminFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
RESET = reverse("password_reset")
WRONG = "not-the-password"
ADMIN = "admin@example.com"

# Not admin@example.com: another address, which only looks like it.
LOOKALIKES = {
    "dotless i": "adm\u0131n@example.com",
    "Cyrillic e": "admin@\u0435xample.com",
    "Cyrillic a": "\u0430dmin@example.com",
}
# admin@example.com itself, however it is typed.
SAME = {
    "full width": "\uff41\uff44\uff4d\uff49\uff4e@example.com",
    "zero-width space": "ad\u200bmin@example.com",
    "soft hyphen": "ad\u00admin@exam\u00adple.com",
    "upper case": "ADMIN@Example.COM",
}
EVERY = {**LOOKALIKES, **SAME}


@pytest.fixture
def admin(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return AdminFactory(email=ADMIN)


@pytest.fixture
def long_s_admin(settings):
    """An account whose address has an s, for the long s (U+017F) to imitate."""
    settings.AXES_FAILURE_LIMIT = 5
    return AdminFactory(email="support@example.com")


def login(client, email, password=WRONG, ip="198.51.100.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("spelling", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_a_lookalike_with_the_right_password_does_not_log_in(client, admin, spelling):
    response = login(client, spelling, PASSWORD)
    assert response.status_code == 200
    assert not logged_in(client)


@pytest.mark.parametrize("spelling", SAME.values(), ids=SAME.keys())
def test_a_width_variant_or_an_invisible_character_is_the_same_address(
    client, admin, spelling
):
    assert login(client, spelling, PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == admin.pk


@pytest.mark.parametrize("spelling", EVERY.values(), ids=EVERY.keys())
def test_a_locked_account_stays_locked_whatever_the_spelling(client, admin, spelling):
    for n in range(5):
        login(client, ADMIN, ip=f"203.0.113.{n + 1}")
    assert login(client, spelling, PASSWORD, ip="192.0.2.77").status_code == 429
    assert not logged_in(client)


@pytest.mark.parametrize("spelling", EVERY.values(), ids=EVERY.keys())
def test_each_spelling_counts_against_the_same_lockout(client, admin, spelling):
    for n in range(4):
        login(client, ADMIN, ip=f"203.0.113.{n + 1}")
    login(client, spelling, ip="203.0.113.9")
    assert login(client, ADMIN, PASSWORD, ip="192.0.2.77").status_code == 429


def test_the_long_s_is_an_s_locked_with_its_account(client, long_s_admin):
    for n in range(5):
        login(client, "support@example.com", ip=f"203.0.113.{n + 1}")
    spelling = "\u017fupport@example.com"
    assert login(client, spelling, PASSWORD, ip="192.0.2.77").status_code == 429
    assert not logged_in(client)


def test_the_long_s_counts_against_its_accounts_lockout(client, long_s_admin):
    for n in range(4):
        login(client, "support@example.com", ip=f"203.0.113.{n + 1}")
    login(client, "\u017fupport@example.com", ip="203.0.113.9")
    response = login(client, "support@example.com", PASSWORD, ip="192.0.2.77")
    assert response.status_code == 429


def ask(client, email, ip):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("spelling", EVERY.values(), ids=EVERY.keys())
def test_no_spelling_gets_a_reset_allowance_of_its_own(
    client, admin, settings, spelling, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_RATE_LIMIT = "3/h"
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert ask(client, ADMIN, ip=f"203.0.113.{n + 1}").status_code == 302
        queued = Email.objects.count()
        assert ask(client, spelling, ip="192.0.2.77").status_code == 429
    assert Email.objects.count() == queued


@pytest.mark.parametrize("spelling", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_a_reset_asked_for_a_lookalike_sends_nothing(
    client, admin, spelling, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, spelling, ip="203.0.113.1").status_code == 302
    assert not Email.objects.exists()


@pytest.mark.parametrize("spelling", SAME.values(), ids=SAME.keys())
def test_a_reset_asked_for_another_spelling_goes_to_the_account(
    client, admin, spelling, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, spelling, ip="203.0.113.1").status_code == 302
    assert list(Email.objects.values_list("to", flat=True)) == [ADMIN]


ADMIN_LOGIN = reverse("admin:login")


def admin_login(client, email, password, ip="198.51.100.1"):
    return client.post(
        ADMIN_LOGIN,
        {"username": email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_the_admins_own_login_page_finds_the_canonical_address(client, admin):
    assert admin_login(client, "ADMIN@Example.com\u200b", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == admin.pk


@pytest.mark.parametrize("spelling", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_the_admins_own_login_page_counts_a_lookalike_against_the_account(
    client, admin, spelling
):
    assert admin_login(client, spelling, PASSWORD).status_code == 200
    for n in range(4):
        admin_login(client, spelling, WRONG, ip=f"203.0.113.{n + 1}")
    assert login(client, ADMIN, PASSWORD, ip="192.0.2.77").status_code == 429
    assert not logged_in(client)
