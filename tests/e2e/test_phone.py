"""The client's phone in a real browser, 390 px wide: My program leads with the day
to do next; the log page's rest timer keeps counting through a reload; no table
breaks a word; every page falls back to the app's offline page with no signal."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programming.models import Ladder, Pattern
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.e2e.conftest import DESKTOP
from tests.e2e.test_progress import _history
from tests.factories import ClientWithLoginFactory, TrainerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
REST_SECONDS = 10
# The phone's vibration, kept across a reload where the test can read it.
VIBRATE_SPY = """
navigator.vibrate = (pattern) => {
  const calls = JSON.parse(sessionStorage.getItem("vibrated") || "[]");
  sessionStorage.setItem("vibrated", JSON.stringify(calls.concat([pattern])));
  return true;
};
"""
STORED_REST = "() => JSON.parse(localStorage.getItem('rest-timer'))"
# Each table cell's words that are wider than the cell's content box: the letters of
# a word broken onto lines of their own.
WORDS_WIDER_THAN_THEIR_CELL = """() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const ruler = document.createElement("canvas").getContext("2d");
  const broken = [];
  for (const cell of document.querySelectorAll("table td, table th")) {
    if (!cell.getClientRects().length) continue;
    const box = getComputedStyle(cell);
    const width =
      cell.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const parent = node.parentElement;
      if (parent.closest(".visually-hidden") || !parent.getClientRects().length) {
        continue;
      }
      ruler.font = getComputedStyle(parent).font;
      // A line may break between words and after a hyphen ("Single-/arm").
      for (const word of node.textContent.split(/\\s+|(?<=-)/)) {
        const wide = word && ruler.measureText(word).width;
        if (wide > width + 1) {
          broken.push(`"${word}" (${Math.round(wide)} px) in ${Math.round(width)} px`);
        }
      }
    }
  }
  return broken;
}"""
OFFLINE_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return Boolean(
    registration.active && navigator.serviceWorker.controller &&
    await caches.match("/offline/")
  );
}"""


def _alex():
    trainer = TrainerFactory(email="coach@example.com")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    hinge = Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
    rung = hinge.rungs.get(position=3).variation
    assignment_set(client=alex, variation=rung, changed_by=trainer, sets=3, reps=8)
    program = program_create(trainer=trainer, client=alex, name="Base")
    day = day_add(program=program, name="Day A")
    prescription_add(
        day=day,
        variation=rung,
        sets=3,
        reps=8,
        load=Decimal(16),
        load_unit="kg",
        rest_seconds=REST_SECONDS,
    )
    day_add(program=program, name="Day B")
    program_activate(program=program)
    return alex, day


def test_the_rest_timer_counts_from_its_start_through_a_reload(visit):
    _alex()
    page = visit.page
    page.set_viewport_size(PHONE)
    page.context.add_init_script(VIBRATE_SPY)
    visit.log_in("alex@example.com")

    # My program leads with the day to do next; one tap starts it.
    start = page.get_by_role("link", name="Start Day A")
    expect(start).to_be_visible()
    assert start.bounding_box()["y"] < PHONE["height"], "above the fold"
    start.click()
    visit.checked("log day A")
    expect(page.get_by_text("First time at this exercise.")).to_be_visible()

    timer = page.locator("[data-rest-timer]")
    expect(timer).to_be_hidden()
    page.get_by_role("button", name="Start rest: 10 s").click()
    expect(timer).to_be_visible()
    started = page.evaluate(STORED_REST)["startedAt"]
    page.wait_for_timeout(2500)

    # A reload (or a locked screen) mid-rest: the clock goes on from the stored start.
    page.reload()
    expect(timer).to_be_visible()
    assert page.evaluate(STORED_REST)["startedAt"] == started
    clock = page.locator("[data-rest-clock]")
    minutes, seconds = clock.inner_text().split(":")
    assert int(minutes) * 60 + int(seconds) <= REST_SECONDS - 2, clock.inner_text()
    # A phone lets a page vibrate once it has been touched since it opened.
    page.get_by_role("heading", name="Day A").click()
    expect(page.locator("[data-rest-over]")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('vibrated')") == "[[300,150,300]]"
    visit.checked("rest over")

    # Stopped, it stays stopped after a reload.
    page.get_by_role("button", name="Stop").click()
    page.reload()
    expect(timer).to_be_hidden()
    assert page.evaluate(STORED_REST) is None


def test_no_table_breaks_a_word_on_a_phone(visit):
    alex, _ = _alex()
    _history(alex)
    page = visit.page
    page.set_viewport_size(PHONE)
    visit.log_in("coach@example.com")
    for path, name in [
        (alex.get_absolute_url(), "client page"),
        (reverse("training:settings"), "training settings"),
        (reverse("programming:library"), "library"),
        (reverse("assessments:rules"), "assessment rules"),
    ]:
        visit.go(path, name)
        assert page.locator("table").count(), f"no table on {path}"
        assert page.evaluate(WORDS_WIDER_THAN_THEIR_CELL) == [], path
        assert visit.no_horizontal_scroll(), path
    page.set_viewport_size(DESKTOP)  # the menu folds away on a phone
    visit.log_out()

    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("training:my_progress"), "my progress")
    assert page.evaluate(WORDS_WIDER_THAN_THEIR_CELL) == []


def test_every_page_falls_back_to_the_offline_page(visit, watch):
    _alex()
    page = visit.page
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    page.wait_for_function(OFFLINE_READY)
    # The first page loaded before the worker took over; under it, "My program" is
    # kept as it loads.
    page.reload()
    page.wait_for_function('async () => Boolean(await caches.match("/my/program/"))')

    page.context.set_offline(True)
    for path in ("/my/sessions/", "/my/progress/", "/my/program/"):
        page.goto(visit.url(path))
        heading = "My program" if path == "/my/program/" else "No signal"
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    page.context.set_offline(False)
    # The requests that failed with no signal, as they should.
    assert all("ERR_INTERNET_DISCONNECTED" in p for p in watch.problems), watch.problems
    watch.problems.clear()
