"""The fast builder in a real browser: a two-day program with three exercises a day,
from the client page, in 12 clicks and 2 page loads; then a drag, the keyboard and
a superset, and the client reads it on a 390 px phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programming.models import Variation
from programming.services import assignment_set
from tests.e2e.conftest import DESKTOP
from tests.factories import ClientWithLoginFactory, TrainerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
WEEK = {
    "Day A": ["Barbell RDL", "Push-up", "Goblet squat"],
    "Day B": ["Inverted row", "Split squat", "Farmer carry"],
}


@pytest.fixture
def alex():
    """Alex, on the barbell RDL (rung 4) at 4 x 6 @ 40 kg."""
    trainer = TrainerFactory(email="coach@example.com", first_name="Casey")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    assignment_set(
        client=alex,
        variation=Variation.objects.builtin().get(name="Barbell RDL"),
        changed_by=trainer,
        sets=4,
        reps=6,
        load=40,
    )
    return alex


def tick(day, variation: str):
    return day.get_by_role("checkbox", name=variation, exact=True)


def exercise(day, variation: str):
    return day.locator("[data-exercise]").filter(
        has=day.page.get_by_text(variation, exact=True)
    )


def exercises(day) -> list[str]:
    return day.locator("[data-exercise] .fw-semibold").all_inner_texts()


def test_a_two_day_program_in_twelve_clicks(visit, alex):
    page = visit.page
    # No colour transitions half way when axe looks at a button just focused.
    page.emulate_media(reduced_motion="reduce")
    visit.log_in("coach@example.com")
    visit.go(alex.get_absolute_url(), "client page")
    loads = []
    page.on("load", lambda: loads.append(page.url))
    clicks = 0

    def click(target) -> None:
        nonlocal clicks
        clicks += 1
        target.click()

    click(page.get_by_role("link", name="New program"))
    visit.checked("new program")
    page.get_by_label("Name").fill("Foundations")
    click(page.get_by_role("button", name="Save"))
    visit.checked("builder")
    for name, variations in WEEK.items():
        page.get_by_label("Name").fill(name)
        click(page.get_by_role("button", name="Add the day"))
        day = page.get_by_role("region", name=name)
        # The client's current rung comes first, with the prescription it brings.
        current = day.locator(".current-rungs")
        expect(current).to_contain_text("Barbell RDL")
        expect(current).to_contain_text("4 × 6 @ 40 kg")
        for variation in variations:
            click(tick(day, variation))
        click(day.get_by_role("button", name=f"Add the ticked exercises to {name}"))
        expect(day.locator("[data-exercise]")).to_have_count(3)
        visit.checked(f"{name} filled")
    assert (clicks, len(loads)) == (12, 2)
    day_a = page.get_by_role("region", name="Day A")
    # In the page's order: the current rung, then the library in the coach's order.
    assert exercises(day_a) == ["Barbell RDL", "Goblet squat", "Push-up"]
    rdl = exercise(day_a, "Barbell RDL")
    expect(rdl).to_contain_text("Follows the ladder")
    expect(rdl).to_contain_text("4 × 6 @ 40 kg")
    expect(exercise(day_a, "Push-up")).to_contain_text("Pinned")

    # The search keeps what is ticked while it looks for more.
    day_b = page.get_by_role("region", name="Day B")
    day_b.get_by_text("Add exercises").click()
    tick(day_b, "Lat pulldown").check()
    day_b.get_by_role("searchbox").fill("suitcase")
    expect(tick(day_b, "Lat pulldown")).to_be_checked()
    expect(day_b.get_by_role("checkbox", name="Goblet squat")).to_have_count(0)
    tick(day_b, "Suitcase carry").check()
    day_b.get_by_role("button", name="Add the ticked exercises to Day B").click()
    expect(day_b.locator("[data-exercise]")).to_have_count(5)
    assert exercises(day_b)[3:] == ["Lat pulldown", "Suitcase carry"]
    visit.checked("searched and added")

    # Drag Goblet squat by its handle to the top of Day A, a step at a time, each
    # once the page shows the one before: the drag has begun (the row is the ghost),
    # the row has moved up, and, dropped there, the new order is saved.
    squat = exercise(day_a, "Goblet squat")
    handle = squat.locator("[data-drag-handle]")
    day_a.locator("[data-exercise]").first.scroll_into_view_if_needed()
    handle.hover()  # both rows in view: the boxes below are where they show
    page.mouse.down()
    start = handle.bounding_box()
    page.mouse.move(start["x"] + start["width"] + 10, start["y"])  # within its row
    expect(squat).to_have_class(re.compile(r"\bexercise-dragged\b"))
    top = day_a.locator("[data-exercise]").first.bounding_box()
    page.mouse.move(top["x"] + 5, top["y"] + 5, steps=5)
    expect(day_a.locator(".fw-semibold").first).to_have_text("Goblet squat")
    page.mouse.up()
    expect(page.locator("#builder-status")).to_have_text("Day A is in its new order.")
    expect(squat).not_to_have_class(re.compile(r"\bexercise-dragged\b"))
    assert exercises(day_a) == ["Goblet squat", "Barbell RDL", "Push-up"]
    visit.checked("dragged")

    # The keyboard: Down on Barbell RDL, twice; the focus stays on the buttons.
    down = day_a.get_by_role("button", name=re.compile("move Barbell RDL later$"))
    down.focus()
    page.keyboard.press("Enter")
    expect(day_a.locator(".exercise-label")).to_have_text(["A", "B", "C"])
    expect(page.locator("#builder-status")).to_have_text("Barbell RDL is C now.")
    assert exercises(day_a) == ["Goblet squat", "Push-up", "Barbell RDL"]
    # Its Up, as Down is disabled now (moved there once htmx has settled the swap).
    up = day_a.get_by_role("button", name=re.compile("move Barbell RDL earlier$"))
    expect(up).to_be_focused()
    page.keyboard.press("Enter")  # Up again
    expect(day_a.locator("[data-exercise] .fw-semibold")).to_have_text(
        ["Goblet squat", "Barbell RDL", "Push-up"]
    )
    visit.checked("moved by keyboard")

    # Push-up and Barbell RDL as a superset: B1, B2.
    day_a.get_by_role("button", name="Superset Push-up with Barbell RDL").click()
    expect(day_a.locator(".exercise-label")).to_have_text(["A", "B1", "B2"])
    expect(
        day_a.get_by_role("button", name="Split Push-up from Barbell RDL")
    ).to_be_visible()
    page.set_viewport_size(PHONE_390)
    assert visit.no_horizontal_scroll()
    visit.checked("superset")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Make active").click()
    visit.checked("active")
    visit.log_out()

    # Alex reads it on a phone: the superset as B1, B2.
    page.set_viewport_size(PHONE_390)
    visit.log_in("alex@example.com")
    assert page.url.endswith(reverse("dashboard:my_program"))
    assert visit.no_horizontal_scroll()
    day_a = page.get_by_role("region", name="Day A")
    expect(day_a.get_by_role("heading", level=3)).to_have_text(
        [
            "A. Goblet squat",
            re.compile(r"^B1\. Barbell RDL"),
            re.compile(r"^B2\. Push-up"),
        ]
    )
