"""The progress charts in a real browser: the trainer's client page on a desktop and
"My progress" on a 390 px phone, drawn under the content security policy with no
console error and no serious accessibility violation.

With ``SCREENSHOT_DIR`` set (``make screenshots``) it also saves the two pictures the
README shows: the client page's charts and My progress on a phone.
"""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Assessment
from programming.models import AssignmentChange, Ladder, Pattern
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
)
from tests.e2e.conftest import DESKTOP, SCREENSHOT_DIR
from tests.factories import (
    AssessmentFactory,
    ClientWithLoginFactory,
    TrainerFactory,
)
from training.models import Workout, WorkoutExercise, WorkoutSet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
CHARTS = ("rungs", "balance", "load", "volume", "e1rm", "pain")
DRAWN = """(name) => {
  const canvas = document.querySelector(`canvas[data-chart="${name}"]`);
  const chart = canvas && Chart.getChart(canvas);
  return Boolean(chart && chart.data.datasets.length && canvas.width > 0);
}"""


# Where the client starts on each pattern, and the moves after: (weeks in, step).
MOVES = {
    Pattern.HINGE: (2, [(3, +1), (6, +1)]),
    Pattern.SQUAT: (1, [(4, +1), (8, +1)]),
    Pattern.PUSH: (1, [(2, +1), (5, -1), (8, +1)]),
    Pattern.PULL: (2, [(5, +1)]),
    Pattern.CARRY: (1, [(6, +1)]),
}
LOADS = {Pattern.HINGE: 30, Pattern.SQUAT: 16, Pattern.PULL: 12, Pattern.CARRY: 20}
WEEKS_LOGGED = 10


def _history(client) -> None:
    """Ten weeks of a client's training: up (and once down) the ladders, an
    assessment before it all, two days a week with the load going up, and one week
    of pain in the lower back on the hinge."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=WEEKS_LOGGED)
    coach = client.trainer

    def backdate(assignment, weeks: int) -> None:
        at = datetime.combine(start + timedelta(weeks=weeks, days=1), time(9))
        AssignmentChange.objects.filter(
            pk=assignment.changes.order_by("-pk").first().pk
        ).update(created_at=timezone.make_aware(at))

    AssessmentFactory(
        client=client,
        assessed_on=start,
        status=Assessment.Status.DONE,
        finished_at=timezone.now(),
    )
    for pattern, (first, moves) in MOVES.items():
        assignment = assignment_set(
            client=client,
            variation=_rung(pattern, first),
            changed_by=coach,
            sets=3,
            reps=8,
        )
        backdate(assignment, 0)
        for weeks, step in moves:
            move = assignment_progress if step > 0 else assignment_regress
            assignment = move(assignment=assignment, changed_by=coach)
            backdate(assignment, weeks)
    # A lift per pattern but the lunge, bodyweight for the push.
    lifts = [
        (_rung(pattern, 4 if pattern == Pattern.HINGE else 2), LOADS.get(pattern))
        for pattern in MOVES
    ]
    for week in range(WEEKS_LOGGED + 1):
        for weekday in (0, 3):
            on = start + timedelta(weeks=week, days=weekday)
            if on > today:
                continue
            workout = Workout.objects.create(
                uid=uuid.uuid4(), client=client, day_name="Day A", performed_on=on
            )
            for position, (variation, load) in enumerate(lifts, start=1):
                hurt = week == 6 and variation.pattern == Pattern.HINGE
                exercise = WorkoutExercise.objects.create(
                    workout=workout,
                    position=position,
                    variation=variation,
                    pattern=variation.pattern,
                    target="3 × 8",
                    rpe=7,
                    pain=5 if hurt else 0,
                    pain_where="lower back" if hurt else "",
                )
                WorkoutSet.objects.bulk_create(
                    WorkoutSet(
                        exercise=exercise,
                        position=n,
                        reps=8,
                        load=None if load is None else Decimal(load + 2 * week),
                    )
                    for n in range(1, 4)
                )


def _rung(pattern, position):
    return (
        Ladder.objects.get(owner=None, pattern=pattern)
        .rungs.get(position=position)
        .variation
    )


def _save(target, name: str, **options) -> None:
    if not SCREENSHOT_DIR:
        return
    folder = Path(SCREENSHOT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=folder / f"{name}.png", animations="disabled", **options)


def _charts_drawn(page) -> None:
    for name in CHARTS:
        page.wait_for_function(DRAWN, arg=name)
    # Drawn, each chart's table folds away behind its summary.
    expect(page.locator("details.progress-numbers[open]")).to_have_count(0)


def test_progress_charts(visit):
    trainer = TrainerFactory(email="coach@example.com")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    _history(alex)
    page = visit.page
    page.emulate_media(reduced_motion="reduce")

    # The trainer's client page, on a desktop.
    page.set_viewport_size(DESKTOP)
    visit.log_in("coach@example.com")
    visit.go(alex.get_absolute_url(), "client page")
    _charts_drawn(page)
    section = page.locator(".progress-charts")
    pain = section.locator(".card", has=page.get_by_role("heading", name="Pain"))
    pain.get_by_text("The numbers").click()
    expect(
        pain.get_by_role("cell", name="5 (at or above the pain threshold) lower back")
    ).to_be_visible()
    pain.get_by_text("The numbers").click()
    _save(section, "progress-client-page-desktop")
    visit.log_out()

    # The client's own page, on a phone.
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("training:my_progress"), "my progress")
    _charts_drawn(page)
    assert visit.no_horizontal_scroll()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    _save(page, "progress-my-progress-phone", full_page=True)
