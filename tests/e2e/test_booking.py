"""Booking on a phone, in a real browser: a visitor books the first consultation in a
free slot and confirms it from the email, and the owner sees it; a client with
credits books a training session, cancels it late and sees the credit forfeited in
their ledger."""

import re
from datetime import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from booking.models import Booking
from booking.views import CONFIRMED, HOLD_SENT, SESSION_BOOKED
from clients.models import Consultation
from packages.models import CreditEntry, Payment
from packages.selectors import credit_balance
from packages.services import payment_record
from scheduling.models import Session
from tests.conftest import wait_for
from tests.factories import (
    AdminFactory,
    ClientWithLoginFactory,
    PackageFactory,
    SessionTypeFactory,
    TrainerFactory,
    WeeklyHoursFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coach():
    """A coach who can be booked round the clock every day: a 30-minute
    consultation, and a 60-minute training session that takes a credit and asks for
    30 days' notice to cancel (so any cancel is late)."""
    trainer = TrainerFactory(
        email="coach@example.com", first_name="Chris", last_name="Coach"
    )
    for weekday in range(7):
        WeeklyHoursFactory(
            trainer=trainer, weekday=weekday, starts=time(0), ends=time(23, 30)
        )
    SessionTypeFactory(
        trainer=trainer,
        name="Consultation",
        kind="consultation",
        minutes=30,
        notice_hours=1,
    )
    SessionTypeFactory(
        trainer=trainer,
        name="Training session",
        kind="training",
        minutes=60,
        step=60,
        notice_hours=1,
        cancel_notice_hours=720,
        needs_credit=True,
    )
    return trainer


def email_to(mailoutbox, address: str, subject: str):
    def found():
        return [
            m
            for m in mailoutbox
            if m.to == [address] and subject.lower() in m.subject.lower()
        ]

    assert wait_for(lambda: len(found()) == 1), [m.subject for m in mailoutbox]
    return found()[0]


def test_a_visitor_books_a_consultation_on_a_phone_and_the_owner_sees_it(
    visit, tasks, mailoutbox, coach
):
    AdminFactory(email="admin@example.com")
    page = visit.page
    page.set_viewport_size(PHONE)

    visit.go(reverse("booking:book"), "book")
    assert visit.no_horizontal_scroll()
    page.get_by_role("link", name=re.compile(r"^\d\d:\d\d$")).first.click()
    visit.checked("details")
    assert visit.no_horizontal_scroll()
    page.get_by_role("textbox", name="First name").fill("Zoë")
    page.get_by_role("textbox", name="Email").fill("zoe@example.com")
    page.get_by_label("What would you like help with?").fill("Deadlift pain-free")
    page.get_by_label("You may contact me by email").check()
    page.get_by_role("button", name="Hold this time").click()
    visit.checked("held")
    expect(page.get_by_text(HOLD_SENT)).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.HELD

    # The link to confirm comes only by email.
    held = email_to(mailoutbox, "zoe@example.com", "")
    confirm = re.search(r"http://\S+/confirm/", held.body).group(0)
    visit.go(confirm, "confirm")
    page.get_by_role("button", name="Confirm my consultation").click()
    visit.checked("confirmed")
    expect(page.get_by_text(CONFIRMED)).to_be_visible()
    expect(page.get_by_role("link", name="Cancel it")).to_be_visible()
    booked = email_to(mailoutbox, "zoe@example.com", "is booked")
    assert booked.attachments[0][0] == "consultation.ics"
    consultation = Consultation.objects.get(email="zoe@example.com")
    assert consultation.status == Consultation.Status.SCHEDULED
    assert consultation.trainer == coach

    # The owner finds it among the consultations, scheduled with the coach.
    visit.log_in("admin@example.com")
    visit.go(reverse("admin:clients_consultation_changelist"), "consultations")
    row = page.get_by_role("row").filter(has_text="zoe@example.com")
    expect(row).to_contain_text("Scheduled")
    expect(row).to_contain_text("Chris Coach")


def test_a_client_books_a_session_cancels_late_and_sees_the_credit_forfeited(
    visit, coach
):
    alex = ClientWithLoginFactory(
        trainer=coach, first_name="Alex", email="alex@example.com"
    )
    payment_record(client=alex, package=PackageFactory(), method=Payment.Method.CASH)
    page = visit.page
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")

    visit.go(reverse("booking:my_book"), "book a session")
    assert visit.no_horizontal_scroll()
    page.get_by_role("button", name=re.compile(r"^\d\d:\d\d$")).first.click()
    visit.checked("booked")
    expect(page.get_by_text(SESSION_BOOKED)).to_be_visible()
    session = Session.objects.get(client=alex)
    assert credit_balance(client=alex) == 9

    visit.go(reverse("booking:my_book"), "my next sessions")
    page.get_by_role("link", name="Cancel").click()
    visit.checked("cancel")
    expect(page.get_by_text("counts as used")).to_be_visible()
    page.get_by_role("button", name="Cancel session").click()
    visit.checked("cancelled late")
    session.refresh_from_db()
    assert session.is_cancelled
    assert session.booking.cancelled_late

    visit.go(reverse("packages:my_credits"), "my credits")
    assert visit.no_horizontal_scroll()
    expect(page.get_by_text("Balance: 9 credits")).to_be_visible()
    ledger = page.get_by_role("region", name="Credit ledger")
    expect(ledger.get_by_role("row").filter(has_text="Forfeited")).to_have_count(1)
    expect(
        ledger.get_by_role("row").filter(has_text="Used by a booking")
    ).to_have_count(1)
    assert credit_balance(client=alex) == 9
    assert CreditEntry.objects.filter(client=alex, kind="forfeited").count() == 1
