"""The four journeys of the product, as its users meet it, in a real browser.

Each page on the way is checked by ``visit`` (axe-core, console errors, requests to
other hosts). In CI the emails go through a real Celery worker on Redis; the links in
them are followed as a person would.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.views.assessments import (
    ASSESSMENT_FINISHED,
    ASSESSMENT_STARTED,
    DRAFT_SAVED,
    RUNGS_SET,
)
from clients.models import Client, Consultation
from newsletter.models import Subscriber
from programming.models import Variation
from programming.views.programs import EXERCISE_ADDED, PROGRAM_ACTIVE
from tests.conftest import wait_for
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ClientWithLoginFactory,
    ConsultationFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>alert(1)</script>"
# Why a client with less than a year of training starts on the barbell RDL.
REASON = (
    "Less than a year of training: build the base before the heavy rungs, "
    "so start at rung 4: Barbell RDL."
)


def email_to(mailoutbox, address: str, subject: str):
    """The one email to ``address`` whose subject contains ``subject``, once the worker
    has sent it."""

    def found():
        return [
            m
            for m in mailoutbox
            if m.to == [address] and subject.lower() in m.subject.lower()
        ]

    assert wait_for(lambda: len(found()) == 1), [m.subject for m in mailoutbox]
    return found()[0]


def link_in(message, path: str) -> str:
    return re.search(rf"http://\S+{re.escape(path)}\S*", message.body).group(0)


def test_visitor_to_client(visit, tasks, mailoutbox):
    AdminFactory(email="admin@example.com")
    TrainerFactory(email="coach@example.com", first_name="Chris", last_name="Coach")
    # Earlier requests the owner is working through.
    for first, last, status in [
        ("Priya", "Shah", Consultation.Status.CONTACTED),
        ("Tom", "Becker", Consultation.Status.COMPLETED),
        ("Ana", "Ruiz", Consultation.Status.DECLINED),
    ]:
        ConsultationFactory(first_name=first, last_name=last, status=status)
    page = visit.page

    # A visitor reads about the hinge and asks for a consultation.
    visit.go(reverse("home"), "home")
    page.get_by_role("link", name="Hinge", exact=True).click()
    visit.checked("hinge page")
    expect(
        page.get_by_role("heading", name="How to do it, from the top down")
    ).to_be_visible()
    page.get_by_role("link", name="Schedule your consultation").click()
    visit.checked("consultation form")

    # Empty, then with a script tag in the name.
    page.get_by_role("button", name="Send my request").click()
    visit.checked("consultation form errors")
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert not Consultation.objects.filter(email="zoe@example.com").exists()

    page.get_by_role("textbox", name="First name").fill(SCRIPT)
    page.get_by_role("textbox", name="Last name").fill("Ng")
    page.get_by_role("textbox", name="Email").fill("zoe@example.com")
    page.get_by_label("What would you like to achieve?").fill("Deadlift without pain")
    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send my request").click()
    visit.checked("thank you")
    assert Consultation.objects.get(email="zoe@example.com").first_name == SCRIPT
    email_to(mailoutbox, "zoe@example.com", "")

    # The admin finds it, assigns coach@example.com and converts it.
    visit.log_in("admin@example.com")
    page.get_by_role("link", name="Consultations").first.click()
    visit.checked("consultation list")
    page.get_by_role("textbox", name="Search").fill("zoe@example.com")
    page.get_by_role("button", name="Search").click()
    visit.checked("consultation search")
    expect(page.get_by_text(SCRIPT).first).to_be_visible()  # shown as text, not run
    expect(page.get_by_text("Priya Shah")).to_have_count(0)  # searched for Zoe only
    row = page.get_by_role("row").filter(has_text="zoe@example.com")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Assign a trainer")
    page.get_by_role("button", name="Go", exact=True).click()
    visit.checked("assign a trainer")
    page.get_by_label("Trainer").select_option(label="Chris Coach")
    page.get_by_role("button", name="Assign").click()
    visit.checked("assigned")
    expect(
        page.get_by_text("coach@example.com").or_(page.get_by_text("Chris Coach")).first
    ).to_be_visible()

    row = page.get_by_role("row").filter(has_text="zoe@example.com")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Convert to client")
    page.get_by_role("button", name="Go", exact=True).click()
    visit.checked("convert to client")
    page.get_by_role("button", name="Convert").click()
    visit.checked("converted")
    client = Client.objects.get(email="zoe@example.com")
    assert client.trainer.email == "coach@example.com"
    page.get_by_role("button", name="Log out").click()

    # The new client follows the invitation, sets a password, logs in.
    invitation = email_to(mailoutbox, "zoe@example.com", "set your password")
    visit.go(link_in(invitation, "/accounts/reset/"), "set your password")
    page.locator("input[name=new_password1]").fill("zoe-trains-2026!")
    page.locator("input[name=new_password2]").fill("zoe-trains-2026!")
    page.get_by_role("button", name="Set password").click()
    visit.checked("password set")
    # Logged in at once: no "Log in" page to type it all again.
    assert page.url.endswith(reverse("dashboard:my_program"))
    expect(page.get_by_text("starts with an assessment")).to_be_visible()


def test_assess_and_program(visit):
    trainer = TrainerFactory(email="coach@example.com")
    client = ClientWithLoginFactory(
        trainer=trainer,
        first_name="Alex",
        last_name="Morgan",
        email="client@example.com",
    )
    ClientFactory(trainer=trainer, first_name="Jordan", last_name="Lee")
    ClientFactory(trainer=trainer, first_name="Sam", last_name="Okafor")
    page = visit.page

    def card(name: str):
        return page.get_by_role("group", name=name, exact=True)

    def answer(test: str, words: str) -> None:
        """Tap an answer: its label is the button the trainer sees."""
        card(test).get_by_text(words, exact=True).click()
        radio = card(test).get_by_role("radio", name=words, exact=True)
        expect(radio).to_be_checked()

    # The trainer opens the client and starts the coach's hinge screen.
    visit.log_in("coach@example.com")
    page.locator(".client-row").get_by_role("link", name="Alex Morgan").click()
    visit.checked("client")
    page.get_by_role("link", name="New assessment").click()
    visit.checked("new assessment")
    page.get_by_role("radio", name=re.compile("^Hinge screen")).check()
    page.get_by_role("button", name="Start recording").click()
    visit.checked("record the hinge screen")
    expect(page.get_by_text(ASSESSMENT_STARTED)).to_be_visible()
    assessment = Assessment.objects.get(client=client)

    # The history and goal first, then a draft.
    answer("Training age", "Less than a year")
    answer("Goal", "Strength")
    page.get_by_role("button", name="Save draft").click()
    visit.checked("draft saved")
    expect(page.get_by_text(DRAFT_SAVED)).to_be_visible()
    expect(
        card("Training age").get_by_role("radio", name="Less than a year")
    ).to_be_checked()

    # The tests themselves, with a toe touch out of its range.
    answer("Dowel-rod hinge: three points of contact", "Kept all three points")
    toe_touch = card("Toe touch").get_by_label("Result in centimetres")
    toe_touch.fill("150")
    card("Active straight-leg raise").get_by_label("Result in degrees").fill("80")
    answer("Hinge pattern quality", "3: good")
    answer("Pain while hinging", "0")
    answer("History of back injury", "None")
    page.get_by_role("button", name="Finish and see where to start").click()
    visit.checked("record errors")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(card("Toe touch")).to_contain_text("Between 0 and 100")
    expect(toe_touch).to_have_value("150")
    expect(
        card("Hinge pattern quality").get_by_role("radio", name="3: good")
    ).to_be_checked()
    assessment.refresh_from_db()
    assert assessment.is_draft

    toe_touch.fill("0")
    page.get_by_role("button", name="Finish and see where to start").click()
    visit.checked("recommendation")
    expect(page.get_by_text(ASSESSMENT_FINISHED)).to_be_visible()

    # The recommendation, with its reasons; the trainer sets it for the hinge.
    hinge = page.get_by_role("article", name="Hinge")
    expect(hinge).to_contain_text("Start at rung 4 of 11: Barbell RDL")
    expect(hinge.get_by_text(REASON)).to_be_visible()
    expect(hinge.get_by_role("switch", name="Set hinge")).to_be_checked()
    page.get_by_role("button", name="Set the starting rungs").click()
    visit.checked("starting rung set")
    expect(page.get_by_text(RUNGS_SET.format(patterns="Hinge"))).to_be_visible()

    # The prescription for the hinge, from the client page.
    page.get_by_role("link", name="Alex Morgan").click()
    visit.checked("client with an assignment")
    page.get_by_role("link", name="Change hinge").click()
    visit.checked("hinge prescription")
    chosen = page.get_by_label("Variation").locator("option:checked")
    expect(chosen).to_have_text("Barbell RDL")
    page.get_by_label("Sets").fill("4")
    page.get_by_label("Reps").fill("6")
    page.get_by_label("Load", exact=True).fill("40")
    page.get_by_label("Unit").select_option("kg")
    page.get_by_label("Tempo").fill("3-1-1-0")
    page.get_by_label("Rest (seconds)").fill("90")
    page.get_by_role("button", name="Save").click()
    visit.checked("hinge prescribed")
    where = page.get_by_role("region", name="Where Alex stands")
    expect(where).to_contain_text("Barbell RDL")
    expect(where).to_contain_text("4 × 6")

    # A two-day program, made active: the hinge as prescribed on Day A.
    page.get_by_role("link", name="New program").click()
    visit.checked("new program")
    page.get_by_label("Name").fill("Foundations")
    page.get_by_role("button", name="Save").click()
    visit.checked("program draft")
    for day, variation, sets, reps, load in [
        ("Day A", "Barbell RDL", "4", "6", "40"),
        ("Day B", "Goblet squat", "3", "10", ""),
    ]:
        page.get_by_label("Name").fill(day)
        page.get_by_role("button", name="Add the day").click()
        visit.checked(f"{day} added")
        page.get_by_role("link", name=f"Add one in detail to {day}").click()
        visit.checked(f"exercise for {day}")
        page.get_by_label("Variation").select_option(label=variation)
        page.get_by_label("Sets").fill(sets)
        page.get_by_label("Reps").fill(reps)
        page.get_by_label("Load", exact=True).fill(load)
        page.get_by_role("button", name="Save").click()
        visit.checked(f"{day} exercise added")
        added = EXERCISE_ADDED.format(variation=variation, day=day)
        expect(page.get_by_text(added)).to_be_visible()
    page.get_by_role("button", name="Make active").click()
    visit.checked("program active")
    active = PROGRAM_ACTIVE.format(name="Foundations", client="Alex")
    expect(page.get_by_text(active)).to_be_visible()

    # The dashboard shows where Alex stands, and the program.
    page.get_by_role("link", name="Dashboard").click()
    visit.checked("dashboard")
    alex = page.locator(".client-row").filter(has_text="Alex Morgan")
    expect(alex).to_contain_text("Foundations")
    expect(alex.get_by_role("link", name=re.compile("^Hinge"))).to_contain_text(
        "4/11 Barbell RDL"
    )
    visit.log_out()

    # The client, on a phone: the two days, the hinge with its cues, the next rung.
    page.set_viewport_size(PHONE)
    visit.log_in("client@example.com")
    assert page.url.endswith(reverse("dashboard:my_program"))
    assert visit.no_horizontal_scroll()
    days = page.get_by_role("navigation", name="Training days")
    expect(days.get_by_role("link")).to_have_text(["Day A", "Day B"])
    day_a = page.get_by_role("region", name="Day A")
    rdl = day_a.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Barbell RDL")
    )
    expect(rdl.get_by_text("4 × 6 @ 40 kg")).to_be_visible()
    cues = Variation.objects.builtin().get(name="Barbell RDL").cues
    expect(rdl.get_by_role("list").get_by_role("listitem")).to_have_text(cues)
    day_b = page.get_by_role("region", name="Day B")
    expect(day_b.get_by_role("heading", name="Goblet squat")).to_be_visible()
    standings = page.get_by_role("region", name="Where you stand")
    expect(standings).to_contain_text("rung 4 of 11")
    expect(standings).to_contain_text(
        "Working toward: Kettlebell / dumbbell deadlift from the floor"
    )

    # Why they start there.
    visit.go(reverse("assessments:my_assessment"), "my assessment")
    assert visit.no_horizontal_scroll()
    why = page.get_by_role("article", name="Hinge")
    expect(why).to_contain_text("The assessment suggested Barbell RDL (rung 4 of 11)")
    expect(why).to_contain_text("Where you are now Barbell RDL, rung 4 of 11")
    expect(why.get_by_role("listitem")).to_have_text([REASON])

    # The trainer's pages, typed in by hand, are refused.
    visit.refused(client.get_absolute_url(), "client page, as the client")
    visit.refused(assessment.get_absolute_url(), "assessment, as the client")


def test_newsletter(visit, tasks, mailoutbox):
    page = visit.page
    visit.go(reverse("newsletter:subscribe"), "newsletter")

    page.get_by_role("button", name="Sign up").click()
    visit.checked("newsletter empty")
    assert not Subscriber.objects.exists()

    page.get_by_label("Email").fill("ann@example.com")
    page.get_by_label("First name").fill(SCRIPT)
    page.get_by_role("button", name="Sign up").click()
    visit.checked("check your inbox")

    confirmation = email_to(mailoutbox, "ann@example.com", "confirm")
    confirm = link_in(confirmation, "/newsletter/confirm/")
    visit.go(confirm, "confirmed")
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()

    welcome = email_to(mailoutbox, "ann@example.com", "welcome")
    assert (
        welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    visit.go(link_in(welcome, "/newsletter/unsubscribe/"), "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    visit.checked("unsubscribed")
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED

    # The used confirmation link gets a clear page and changes nothing.
    visit.go(confirm, "used confirmation link")
    expect(page.get_by_role("heading").first).not_to_have_text("You are subscribed")
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_sessions(visit, tasks, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from scheduling.models import Session
    from scheduling.tasks import reminder_sweep_task
    from tests.factories import ClientWithLoginFactory

    trainer = TrainerFactory(email="coach@example.com")
    ClientWithLoginFactory(
        trainer=trainer,
        first_name="Alex",
        last_name="Morgan",
        email="client@example.com",
    )
    page = visit.page
    # Tomorrow, at this hour: less than a day ahead, so the 24-hour reminder is due.
    now = timezone.localtime()
    tomorrow = now + timedelta(days=1)

    visit.log_in("coach@example.com")
    page.get_by_role("link", name="Sessions").first.click()
    visit.checked("week")
    page.get_by_role("link", name="Schedule a session").first.click()
    visit.checked("schedule a session")
    page.get_by_label("Client").select_option(label="Alex Morgan")
    page.get_by_label("Date").fill(tomorrow.date().isoformat())
    page.get_by_label("Start time").fill(f"{now.hour:02d}:00")
    page.get_by_role("button", name="Schedule").click()
    visit.checked("session scheduled")
    session = Session.objects.get()
    assert session.starts_at - timezone.now() < timedelta(days=1)

    reminder_sweep_task.delay()
    reminder = email_to(mailoutbox, "client@example.com", "reminder")
    # A second sweep, run here to its end, writes no second reminder.
    assert reminder_sweep_task.apply().get() == 0
    assert len([m for m in mailoutbox if "eminder" in m.subject]) == 1
    assert "Alex" in reminder.body

    visit.log_out()
    visit.page.set_viewport_size(PHONE)
    visit.log_in("client@example.com")
    assert page.url.endswith(reverse("dashboard:my_program"))
    assert visit.no_horizontal_scroll()
    upcoming = page.get_by_role("region", name="Your next sessions")
    start = timezone.localtime(session.starts_at).strftime("%H:%M")
    expect(upcoming.get_by_role("listitem")).to_have_count(1)
    expect(upcoming.get_by_role("listitem")).to_contain_text(start)
    page.get_by_role("button", name="Toggle navigation").click()
    visit.log_out()

    visit.page.set_viewport_size(DESKTOP)
    visit.log_in("coach@example.com")
    visit.go(session.get_absolute_url(), "session")
    page.get_by_role("link", name="Cancel session").click()
    visit.checked("cancel the session")
    page.get_by_role("button", name="Cancel session").click()
    visit.checked("session cancelled")
    email_to(mailoutbox, "client@example.com", "cancelled")
