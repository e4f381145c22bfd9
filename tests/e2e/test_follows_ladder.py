"""The program follows the ladder, in a real browser: the trainer adds the client's
current hinge to a day, progresses the hinge, and the builder, the client's program
on a 390 px phone and their assessment all show the new rung at once."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Protocol
from assessments.services import RungChoice, assessment_accept, assessment_record
from programming.models import Variation
from programming.services import day_add, prescription_add, program_create
from tests.assessments.conftest import PERFECT
from tests.e2e.conftest import DESKTOP
from tests.factories import AssessmentFactory, ClientWithLoginFactory, TrainerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
NEXT_HINGE = "Kettlebell / dumbbell deadlift from the floor"


@pytest.fixture
def alex():
    """Alex, assessed and started on the barbell RDL (rung 4), with a draft program
    whose Day A holds a pinned push-up."""
    trainer = TrainerFactory(email="coach@example.com", first_name="Casey")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    screen = Protocol.objects.builtin().get(name="Hinge screen")
    keys = {t.key: t.pk for t in screen.tests.all()}
    values = PERFECT | {"goal": "everyday"}
    assessment = assessment_record(
        assessment=AssessmentFactory(client=alex, protocol=screen),
        results={pk: values[key] for key, pk in keys.items() if key in values},
        finish=True,
    )
    assessment_accept(
        assessment=assessment, trainer=trainer, choices=[RungChoice("hinge")]
    )
    program = program_create(trainer=trainer, client=alex, name="Foundations")
    day = day_add(program=program, name="Day A")
    prescription_add(
        day=day,
        variation=Variation.objects.builtin().get(name="Push-up"),
        follows_ladder=False,
        sets=3,
        reps=10,
    )
    return alex


def test_the_program_follows_the_ladder(visit, alex):
    page = visit.page
    visit.log_in("coach@example.com")

    # The trainer adds Alex's current hinge to Day A: it follows the ladder.
    visit.go(alex.get_absolute_url(), "client page")
    page.get_by_role("link", name=re.compile("^Foundations")).click()
    visit.checked("builder")
    page.get_by_role("region", name="Day A").get_by_text("Add exercises").click()
    page.get_by_role("link", name="Add one in detail to Day A").click()
    visit.checked("add an exercise")
    page.get_by_role("link", name=re.compile(r"^Barbell RDL · 3 × 8")).click()
    visit.checked("the current hinge chosen")
    follows = page.get_by_role("radio", name=re.compile("^Follows the ladder:"))
    expect(follows).to_be_checked()
    page.get_by_label("Load", exact=True).fill("40")
    page.get_by_role("button", name="Save").click()
    visit.checked("exercise added")
    day_a = page.get_by_role("region", name="Day A")
    rdl = day_a.get_by_role("listitem").filter(has_text="Barbell RDL")
    expect(rdl).to_contain_text("Follows the ladder")
    pushup = day_a.get_by_role("listitem").filter(
        has=page.get_by_text("Push-up", exact=True)
    )
    expect(pushup).to_contain_text("Pinned")
    page.get_by_role("button", name="Make active").click()
    visit.checked("program active")

    # Progress the hinge on the client page (htmx swaps the row).
    visit.go(alex.get_absolute_url(), "client page again")
    hinge = page.locator("#pattern-hinge")
    hinge.get_by_role("button", name="Progress").click()
    expect(hinge).to_contain_text(NEXT_HINGE)
    visit.checked("hinge progressed")

    # The builder shows the new rung with its first dose: the 40 kg of the Barbell
    # RDL does not carry over to another variation.
    page.get_by_role("link", name=re.compile("^Foundations")).click()
    visit.checked("builder after the progress")
    day_a = page.get_by_role("region", name="Day A")
    moved = day_a.get_by_role("listitem").filter(has_text=NEXT_HINGE)
    expect(moved).to_contain_text("3 × 8")
    expect(moved).not_to_contain_text("40 kg")
    expect(moved).to_contain_text("Follows the ladder")
    # (the add form below still offers the RDL, from the library)
    expect(day_a.locator(".exercises")).not_to_contain_text("Barbell RDL")
    page.set_viewport_size(PHONE_390)
    assert visit.no_horizontal_scroll()
    visit.checked("builder on a phone")
    page.set_viewport_size(DESKTOP)  # the phone's menu folds "Log out" away
    visit.log_out()
    page.set_viewport_size(PHONE_390)

    # Alex, on a 390 px phone: Day A shows the new rung at once.
    visit.log_in("alex@example.com")
    assert page.url.endswith(reverse("dashboard:my_program"))
    assert visit.no_horizontal_scroll()
    day_a = page.get_by_role("region", name="Day A")
    exercise = day_a.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=NEXT_HINGE)
    )
    expect(exercise.get_by_text("3 × 8", exact=True)).to_be_visible()
    expect(exercise).not_to_contain_text("40 kg")
    expect(exercise.get_by_text("Follows your ladder")).to_be_visible()
    expect(day_a.get_by_text("Pinned by your trainer")).to_be_visible()
    expect(day_a).not_to_contain_text("Barbell RDL")

    # My assessment: the suggestion beside where Alex is now, never one for the other.
    visit.go(reverse("assessments:my_assessment"), "my assessment")
    assert visit.no_horizontal_scroll()
    card = page.get_by_role("article", name="Hinge")
    expect(card).to_contain_text("The assessment suggested Barbell RDL (rung 4 of 11)")
    expect(card).to_contain_text(
        f"Where you are now {NEXT_HINGE}, rung 5 of 11 (your trainer moved you up on"
    )
