"""Safe to train, on a 390 px phone: an invited client answers the health questions
with one yes and a follow-up yes and signs the waiver; their trainer cannot set the
starting rungs of their assessment until they record the doctor's clearance, then
can. axe-core checks every page on the way (``Visit.checked``)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Protocol
from assessments.views.assessments import RUNGS_SET
from clients.services import client_invite
from programming.models import Assignment
from screening.models import Screening, Signature
from tests.assessments.test_views import finish
from tests.brand.images import PNG
from tests.e2e.conftest import DESKTOP
from tests.e2e.test_journeys import email_to, link_in
from tests.factories import (
    AssessmentFactory,
    ClientFactory,
    TrainerFactory,
    WaiverFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.gate,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_screening_and_waiver_before_the_first_rung(visit, tasks, mailoutbox, tmp_path):
    trainer = TrainerFactory(email="coach@example.com", first_name="Chris")
    WaiverFactory(title="Waiver", body="I train at my own risk.\nI tell my trainer.")
    zoe = ClientFactory(
        trainer=trainer, first_name="Zoe", last_name="Park", email="zoe@example.com"
    )
    # Recorded at the consultation, before the screening was asked for.
    protocol = Protocol.objects.builtin().get(name="Hinge screen")
    assessment = finish(AssessmentFactory(client=zoe, protocol=protocol))
    client_invite(client=zoe, invited_by=trainer)
    page = visit.page
    page.set_viewport_size(PHONE)

    # The invited client sets a password and is asked at once.
    invitation = email_to(mailoutbox, "zoe@example.com", "set your password")
    visit.go(link_in(invitation, "/accounts/reset/"), "set your password")
    page.locator("input[name=new_password1]").fill("zoe-trains-2026!")
    page.locator("input[name=new_password2]").fill("zoe-trains-2026!")
    page.get_by_role("button", name="Set password").click()
    visit.checked("asked before training")
    expect(page.get_by_text("Before you train")).to_be_visible()
    page.get_by_role("link", name="Start").click()
    visit.checked("health questions")
    assert visit.no_horizontal_scroll()

    # One yes (a knee), one follow-up yes (an injury not yet healed).
    for group in page.locator("fieldset.question").all():
        group.get_by_role("radio", name="No").first.check()
    bones = page.locator("fieldset.question").nth(5)
    bones.get_by_role("radio", name="Yes").first.check()
    page.get_by_label("Where?").fill("Left knee")
    bones.get_by_role("group", name="Have you had surgery").get_by_role(
        "radio", name="Yes"
    ).check()
    for name in (
        "Is it hard to keep under control with medicine or treatment from a doctor",
        "Does pain spread into an arm or a leg",
        "Are you unwell right now",
        "Are you pregnant?",
    ):
        page.get_by_role("group", name=name).get_by_role("radio", name="No").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my answers").click()
    visit.checked("answers sent")
    expect(page.get_by_text("Ask your doctor for a clearance").first).to_be_visible()
    assert Screening.objects.get().outcome == Screening.Outcome.NEEDS_CLEARANCE

    page.get_by_role("link", name="Read and sign the waiver").click()
    visit.checked("waiver")
    page.get_by_label("I have read the waiver").check()
    page.get_by_label("Type your full name").fill("Zoe Park")
    page.get_by_role("button", name="Sign").click()
    visit.checked("signed")
    expect(page.get_by_text("Signed.").first).to_be_visible()
    assert Signature.objects.get().signed_name == "Zoe Park"
    email_to(mailoutbox, "zoe@example.com", "signed waiver")
    page.set_viewport_size(DESKTOP)  # the menu folds away on a phone
    visit.log_out()
    page.set_viewport_size(PHONE)

    # The trainer cannot set the starting rungs yet.
    visit.log_in("coach@example.com")
    visit.go(assessment.get_absolute_url(), "assessment held back")
    expect(page.get_by_text("Caution:").first).to_be_visible()
    page.get_by_role("button", name="Set the starting rungs").click()
    visit.checked("refused")
    expect(page.get_by_text("cannot start training yet").first).to_be_visible()
    assert not Assignment.objects.exists()

    # The doctor's clearance, recorded with their letter.
    visit.go(reverse("screening:client_screening", args=[zoe.pk]), "screening page")
    letter = tmp_path / "letter.png"
    letter.write_bytes(PNG)
    page.get_by_label("Cleared by").fill("Dr Ruth Okafor, GP")
    page.get_by_label("Cleared on").fill("2026-01-05")
    page.get_by_label("Their letter or form").set_input_files(str(letter))
    page.get_by_role("button", name="Record the clearance").click()
    visit.checked("cleared")
    expect(page.get_by_text("Cleared and signed").first).to_be_visible()

    visit.go(assessment.get_absolute_url(), "assessment")
    page.get_by_role("button", name="Set the starting rungs").click()
    visit.checked("starting rungs set")
    expect(page.get_by_text(RUNGS_SET.split("{")[0]).first).to_be_visible()
    assert Assignment.objects.filter(client=zoe).exists()
