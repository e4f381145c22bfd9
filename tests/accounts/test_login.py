import pytest
from django.urls import reverse

from accounts.forms import EmailAuthenticationForm
from tests.factories import (
    PASSWORD,
    AdminFactory,
    ClientWithLoginFactory,
    TrainerFactory,
)

INVALID_LOGIN = EmailAuthenticationForm.error_messages["invalid_login"]


def login(client, email, password=PASSWORD, *, address="127.0.0.1", **extra):
    return client.post(
        reverse("login"),
        {"username": email, "password": password, **extra},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "landing"),
    [
        (TrainerFactory, "dashboard:index"),
        (lambda: ClientWithLoginFactory().user, "dashboard:my_program"),
        (AdminFactory, "admin:index"),
    ],
)
def test_each_role_lands_on_its_own_start_page(client, factory, landing):
    user = factory()
    response = login(client, user.email)
    assert response.status_code == 302
    final = client.get(response.url)
    assert final.status_code == 302
    assert final.url == reverse(landing)
    assert client.get(final.url).status_code == 200


@pytest.mark.django_db
def test_email_is_matched_whatever_its_case(client):
    user = TrainerFactory(email="chris@example.com")
    response = login(client, "Chris@Example.COM")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_unknown_email_and_wrong_password_get_the_same_message(client):
    TrainerFactory(email="chris@example.com")
    unknown = login(client, "nobody@example.com")
    wrong = login(client, "chris@example.com", "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert wrong.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_safe_next_url_is_followed_after_login(client):
    user = TrainerFactory()
    next_url = reverse("clients:client_new")
    assert login(client, user.email, next=next_url).url == next_url
    client.logout()
    assert login(client, user.email, next="https://evil.example/").url == reverse(
        "dashboard:landing"
    )


@pytest.mark.django_db
def test_too_many_failures_lock_the_login_with_a_clear_message(client, settings):
    user = TrainerFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, user.email, "wrong").status_code == 200
    locked = login(client, user.email, "wrong")
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    # Even the right password is refused while locked.
    assert login(client, user.email).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_addresses_of_one_ipv6_64_are_one_visitor_to_the_lockout(client, settings):
    """Failures against other accounts from one /64 lock it, however many of its
    addresses they come from; another /64 is another visitor."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"nobody{n}@example.com", "wrong", address=f"2001:db8::{n}")
    same = login(client, "else@example.com", "wrong", address="2001:db8::ffff:1")
    assert same.status_code == 429
    other = login(client, "else@example.com", "wrong", address="2001:db8:0:1::1")
    assert other.status_code == 200


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client):
    client.force_login(TrainerFactory())
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_navigation_changes_with_the_role(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("clients:client_new") in page
    assert reverse("dashboard:my_program") not in page

    client.force_login(ClientWithLoginFactory().user)
    page = client.get(reverse("dashboard:my_program")).content.decode()
    assert reverse("dashboard:index") not in page
    assert "My program" in page
