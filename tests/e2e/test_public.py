"""A visitor's journeys on the public site, and the trainer's consultations page, in a
real browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import Consultation
from tests.conftest import wait_for
from tests.factories import ConsultationFactory, TrainerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_requests_a_consultation_from_the_home_page(visit, tasks, mailoutbox):
    page = visit.go(reverse("home"), "home")
    page.get_by_role("link", name="Schedule your consultation").first.click()
    visit.checked("consultation form")

    page.get_by_role("textbox", name="First name").fill("Zoë")
    page.get_by_role("textbox", name="Email").fill("zoe@example.com")
    page.get_by_label("What would you like to achieve?").fill("Deadlift pain-free")
    page.get_by_label("Your time zone").fill("paris")  # searched, not scrolled
    page.get_by_role("button", name="Send my request").click()
    visit.checked("consent missing")
    expect(page.get_by_text("Tick the box so that we may contact you")).to_be_visible()

    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send my request").click()
    visit.checked("thank you")
    expect(page.get_by_role("heading", name="your request is in")).to_be_visible()

    consultation = Consultation.objects.get()
    assert consultation.time_zone == "Europe/Paris"
    assert wait_for(lambda: any(m.to == ["zoe@example.com"] for m in mailoutbox))


def test_the_public_pages_fit_a_phone(visit):
    visit.page.set_viewport_size({"width": 375, "height": 812})
    for path in [
        reverse("home"),
        reverse("clients:consultation_request"),
        reverse("newsletter:subscribe"),
    ]:
        visit.go(path)
        assert visit.no_horizontal_scroll(), path


def test_a_trainer_reads_the_consultations_assigned_to_them(visit):
    trainer = TrainerFactory(email="coach@example.com")
    ConsultationFactory(trainer=trainer, first_name="Priya", last_name="Shah")
    ConsultationFactory(first_name="Someone", last_name="Else")

    visit.log_in("coach@example.com")
    page = visit.page
    page.get_by_role("link", name="Consultations").click()
    visit.checked("consultations")
    expect(page.get_by_text("Someone Else")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Priya Shah")).click()
    visit.checked("consultation")
    expect(page.get_by_role("heading", name="Goals")).to_be_visible()
