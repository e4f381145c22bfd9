"""Logging in, landing by role, refusal of other roles' pages, and a password reset
followed from the email, in a real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import wait_for
from tests.factories import AdminFactory, ClientWithLoginFactory, TrainerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_each_role_lands_on_its_page_and_a_client_cannot_open_trainer_pages(visit):
    trainer = TrainerFactory(email="coach@example.com")
    client = ClientWithLoginFactory(trainer=trainer, email="client@example.com")
    AdminFactory(email="admin@example.com")

    visit.log_in("coach@example.com")
    assert visit.page.url.endswith(reverse("dashboard:index"))
    expect(visit.page.get_by_role("heading", name="Your clients")).to_be_visible()
    visit.log_out()

    visit.log_in("client@example.com")
    assert visit.page.url.endswith(reverse("dashboard:my_program"))
    visit.refused(
        reverse("dashboard:client_detail", args=[client.pk]), "trainer page refused"
    )
    expect(
        visit.page.get_by_role("heading", name="This page is not for your account")
    ).to_be_visible()
    visit.log_out()

    visit.log_in("admin@example.com")
    assert visit.page.url.endswith(reverse("admin:index"))


def test_password_reset_from_the_email_link(visit, tasks, mailoutbox):
    TrainerFactory(email="coach@example.com")
    visit.go(reverse("password_reset"), "password reset")
    visit.page.get_by_label("Email").fill("coach@example.com")
    visit.page.get_by_role("button", name="Send me a link").click()
    visit.checked("check your email")

    assert wait_for(lambda: len(mailoutbox) == 1)
    link = re.search(r"http://\S+/accounts/reset/\S+/", mailoutbox[0].body).group(0)
    visit.go(link, "set your password")
    visit.page.locator("input[name=new_password1]").fill("a-fresh-password-2026")
    visit.page.locator("input[name=new_password2]").fill("a-fresh-password-2026")
    visit.page.get_by_role("button", name="Set password").click()
    visit.checked("password set")
    # Logged in at once, on their own page.
    assert visit.page.url.endswith(reverse("dashboard:index"))
    visit.page.get_by_role("button", name="Log out").click()
    visit.log_in("coach@example.com", "a-fresh-password-2026")
    assert visit.page.url.endswith(reverse("dashboard:index"))

    visit.go(link, "used reset link")
    expect(
        visit.page.get_by_role("heading", name="This link no longer works")
    ).to_be_visible()
