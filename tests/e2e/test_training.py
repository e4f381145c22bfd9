"""The training loop in a real browser, on a phone: the trainer moves the client up
the hinge ladder, the client's day follows, and the client logs it with no signal.
"""

import re
import time
from decimal import Decimal

import pytest
from django.db.utils import OperationalError
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
from tests.conftest import wait_for
from tests.e2e.conftest import DESKTOP
from tests.factories import ClientWithLoginFactory, TrainerFactory
from training.models import Workout, WorkoutSet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
KEPT_FOR_OFFLINE = """async (path) => {
  const cache = await caches.open("pages");
  return Boolean(await cache.match(path));
}"""


def _workouts() -> int:
    """How many workouts the server has stored. SQLite's in-memory test database,
    shared with the live server's thread, may be busy for a moment: ask again."""
    for _ in range(50):
        try:
            return Workout.objects.count()
        except OperationalError:
            time.sleep(0.1)
    return Workout.objects.count()


def _program(client) -> tuple[Ladder, object]:
    """Alex is on rung 2 of the coach's hinge ladder, and Day A starts with it."""
    ladder = Ladder.objects.get(owner=None, pattern=Pattern.HINGE)
    rung2 = ladder.rungs.get(position=2).variation
    assignment_set(
        client=client, variation=rung2, changed_by=client.trainer, sets=3, reps=8
    )
    program = program_create(trainer=client.trainer, client=client, name="Base")
    day = day_add(program=program, name="Day A")
    prescription_add(
        day=day, variation=rung2, sets=3, reps=8, load=Decimal(16), load_unit="kg"
    )
    program_activate(program=program)
    return ladder, day


def test_log_a_day_with_no_signal(visit):
    trainer = TrainerFactory(email="coach@example.com")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    ladder, day = _program(alex)
    rung3 = ladder.rungs.get(position=3).variation
    page = visit.page

    # The trainer moves Alex up the hinge ladder.
    visit.log_in("coach@example.com")
    visit.go(alex.get_absolute_url(), "client")
    page.locator("#pattern-hinge").get_by_role("button", name="Progress").click()
    expect(page.locator("#pattern-hinge")).to_contain_text(rung3.name)
    visit.log_out()

    # On the phone, Alex's day follows the ladder; the app keeps it for offline use.
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("dashboard:my_program"), "my program")
    expect(page.locator(".training-day").first).to_contain_text(rung3.name)
    log_path = reverse("training:my_day_log", args=[day.pk])
    assert wait_for(lambda: page.evaluate(KEPT_FOR_OFFLINE, log_path))

    # No signal in the gym: the day opens, every set is ticked, and it waits.
    page.context.set_offline(True)
    page.get_by_role("link", name="Log this day").first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Day A")).to_be_visible()
    for label in page.locator(".set-done-label").all():
        label.click()
    page.get_by_label("Effort (RPE 1–10)").select_option("7")
    page.get_by_label("Pain (0 none, 10 worst)").select_option("0")
    page.get_by_role("button", name="Finish and save").click()
    status = page.locator("[data-outbox-status]")
    expect(status).to_contain_text("1 workout is saved on this phone")
    assert _workouts() == 0

    # Back online, it is sent once, with every set.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("Your workout is sent")
    assert _workouts() == 1
    page.reload()
    expect(page.locator("[data-outbox-status]")).to_be_hidden()
    page.evaluate("window.workoutOutbox.sync()")
    assert _workouts() == 1
    workout = Workout.objects.get()
    assert WorkoutSet.objects.filter(exercise__workout=workout).count() == 3
    assert workout.exercises.get().variation == rung3
    visit.problems.clear()  # the requests that failed while offline

    visit.go(reverse("training:my_workouts"), "my workouts")
    page.get_by_role("link", name="Day A").click()
    visit.checked("the workout")
    expect(page.get_by_text("Effort: RPE 7")).to_be_visible()
    assert visit.no_horizontal_scroll()


def test_pain_sends_the_client_back_a_rung(visit):
    trainer = TrainerFactory(email="coach@example.com")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    ladder, day = _program(alex)
    rung1, rung2 = (ladder.rungs.get(position=n).variation for n in (1, 2))
    page = visit.page

    # Alex logs Day A on the phone, with pain 7 in the lower back on the hinge.
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("training:my_day_log", args=[day.pk]), "log with pain")
    for label in page.locator(".set-done-label").all():
        label.click()
    page.get_by_label("Effort (RPE 1–10)").select_option("8")
    page.get_by_label("Pain (0 none, 10 worst)").select_option("7")
    page.get_by_label("Any pain? Where?").fill("lower back")
    page.get_by_role("button", name="Finish and save").click()
    expect(page.get_by_text("Saved: Day A")).to_be_visible()
    visit.checked("the painful workout")
    page.set_viewport_size(DESKTOP)
    visit.log_out()

    # The trainer's dashboard shows it first; the trainer accepts going back.
    visit.log_in("coach@example.com")
    attention = page.locator(".attention")
    expect(attention).to_contain_text("Pain reported")
    expect(attention).to_contain_text("Pain 7/10 in the lower back")
    attention.get_by_role("button", name=re.compile("^Accept")).click()
    visit.checked("regress accepted")
    expect(
        page.get_by_text(f"Done: Alex is on {rung2.name} → {rung1.name}")
    ).to_be_visible()
    visit.log_out()

    # Alex's next day is on the lower rung, and says why.
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("dashboard:my_program"), "my program after the regress")
    expect(page.locator(".training-day").first).to_contain_text(rung1.name)
    expect(
        page.get_by_role("status").filter(has_text="your hinge is now")
    ).to_contain_text("Pain 7/10 in the lower back")
    assert visit.no_horizontal_scroll()
