"""The coach makes the site theirs, and the screens a coach uses every day, in a real
browser: the brand set in the admin shows on the home page and in the frame; the
admin's lists fit a phone; a client's pattern rows keep their buttons on one line on
a phone; the browser's time zone is offered in one click."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from brand.selectors import brand_get
from programming.models import Ladder
from programming.services import assignment_set
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ConsultationFactory,
    TrainerFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


def test_the_owner_sets_the_brand_and_every_page_shows_it(visit):
    AdminFactory(email="owner@example.com")
    ConsultationFactory.create_batch(3)
    visit.log_in("owner@example.com")
    page = visit.page

    visit.go(reverse("admin:index"), "admin index")
    page.get_by_role("link", name="Brand").first.click()
    visit.checked("brand settings")
    page.get_by_label("Business name").fill("Hinge & Co")
    page.get_by_label("Coach's name").fill("Dana Smith")
    page.get_by_label("Short story").fill("Ten years of teaching the hinge.")
    page.get_by_label("Contact email").fill("dana@hinge.example")
    page.get_by_label("Brand colour").fill("#ffcc00")  # too light for white text
    page.get_by_role("button", name="Save", exact=True).click()
    visit.checked("colour refused")
    expect(page.get_by_text("contrast of 1.5:1")).to_be_visible()

    page.get_by_label("Brand colour").fill("#7a1f5c")
    page.get_by_role("button", name="Save", exact=True).click()
    visit.checked("brand saved")
    assert brand_get().business_name == "Hinge & Co"

    page.set_viewport_size(PHONE_390)
    visit.go(reverse("admin:clients_consultation_changelist"), "consultations, phone")
    assert visit.no_horizontal_scroll()

    visit.log_out()
    page.set_viewport_size({"width": 1280, "height": 900})
    visit.go(reverse("home"), "branded home")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Hinge & Co")
    expect(page.get_by_role("heading", name="About Dana Smith")).to_be_visible()
    button = page.get_by_role("link", name="Schedule your consultation and assessment")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == (
        "rgb(122, 31, 92)"
    )
    expect(page.locator("footer")).to_contain_text("dana@hinge.example")
    page.set_viewport_size(PHONE_390)
    visit.checked("branded home, phone")
    assert visit.no_horizontal_scroll()


def test_a_clients_rows_keep_their_buttons_on_one_line_on_a_phone(visit):
    trainer = TrainerFactory(email="coach@example.com")
    client = ClientFactory(trainer=trainer, first_name="Alex")
    hinge = Ladder.objects.get(owner=None, pattern="hinge")
    assignment_set(
        client=client,
        variation=hinge.rungs.get(position=1).variation,
        changed_by=trainer,
    )
    visit.page.set_viewport_size(PHONE_390)
    visit.log_in("coach@example.com")
    visit.go(client.get_absolute_url(), "client page, phone")
    assert visit.no_horizontal_scroll()

    row = visit.page.locator("#pattern-hinge")
    regress = row.get_by_role("button", name="Regress")
    progress = row.get_by_role("button", name="Progress")
    change = row.get_by_role("link", name="Change")
    expect(regress).to_be_disabled()
    expect(progress).to_be_enabled()
    tops = {round(b.bounding_box()["y"]) for b in (regress, progress, change)}
    assert len(tops) == 1, f"the buttons wrap onto {len(tops)} lines"

    progress.click()  # htmx swaps the row: rung 2, so Regress is back
    expect(row.get_by_text("2/11")).to_be_visible()
    expect(row.get_by_role("button", name="Regress")).to_be_enabled()
    visit.checked("after progress, phone")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "America/New_York"}


def test_the_browsers_time_zone_is_offered_in_one_click(visit):
    TrainerFactory(email="coach@example.com", time_zone="UTC")
    visit.log_in("coach@example.com")
    page = visit.page
    offer = page.locator("[data-time-zone-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Your device says America/New York")
    offer.get_by_role("button", name="Use America/New York").click()
    visit.checked("zone taken")
    expect(page.get_by_text("Times are now shown in America/New York")).to_be_visible()
    assert User.objects.get(email="coach@example.com").time_zone == "America/New_York"
    expect(page.locator("[data-time-zone-offer]")).to_be_hidden()

    visit.go(reverse("scheduling:week"), "week")
    expect(page.get_by_text("times in America/New York")).to_be_visible()
