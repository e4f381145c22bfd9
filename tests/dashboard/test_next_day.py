"""The day to do next: the program day after the last one logged, cycling, at the
top of the client's first screen with a one-tap start."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from dashboard.selectors import day_after, next_training_day
from programming.selectors import program_active_for_client
from programming.services import day_add, program_activate, program_create
from tests.dashboard.test_my_program import give_program
from tests.factories import ClientWithLoginFactory, WorkoutFactory

URL = reverse("dashboard:my_program")


def days(*exercise_counts: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(pk=n, exercises=["x"] * count)
        for n, count in enumerate(exercise_counts, start=1)
    ]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (None, 1),  # nothing logged yet: the first day
        (1, 2),
        (2, 3),
        (3, 1),  # after the last day, back to the first
        (99, 1),  # a day no longer in the program: start again
    ],
)
def test_the_next_day_follows_the_last_one_logged_and_wraps(last, expected):
    assert day_after(days(2, 2, 2), last).pk == expected


def test_a_day_with_nothing_to_do_is_skipped_even_across_the_end():
    assert day_after(days(2, 0, 2), 1).pk == 3
    assert day_after(days(2, 2, 0), 2).pk == 1
    assert day_after(days(0, 2, 2), None).pk == 2
    assert day_after(days(0, 2, 0), 2).pk == 2


def test_no_day_to_do_when_every_day_is_empty():
    assert day_after(days(0, 0), None) is None
    assert day_after([], None) is None


@pytest.fixture
def athlete(trainer):
    return ClientWithLoginFactory(trainer=trainer, first_name="Alex")


def _next(client):
    program = program_active_for_client(client=client)
    return next_training_day(client=client, program=program)


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_no_workout_yet_starts_at_the_first_day(athlete):
    give_program(athlete, days=3)
    upcoming = _next(athlete)
    assert upcoming.day.name == "Day A"
    assert upcoming.last is None


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_the_latest_workout_of_the_program_decides_not_the_order_they_were_logged(
    athlete,
):
    program = give_program(athlete, days=3)
    day_a, day_b, day_c = program.days.all()
    WorkoutFactory(client=athlete, day=day_b, performed_on=date(2026, 12, 3))
    WorkoutFactory(client=athlete, day=day_a, performed_on=date(2026, 12, 1))
    upcoming = _next(athlete)
    assert upcoming.day == day_c
    assert upcoming.last.day_id == day_b.pk

    # The same date twice: the one logged last counts.
    WorkoutFactory(client=athlete, day=day_c, performed_on=date(2026, 12, 3))
    assert _next(athlete).day == day_a


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_workouts_of_another_program_or_client_do_not_count(athlete, trainer):
    old = program_create(trainer=trainer, client=athlete, name="Old")
    old_day = day_add(program=old, name="Old day")
    program = give_program(athlete, days=2)
    WorkoutFactory(client=athlete, day=old_day)
    other = ClientWithLoginFactory(trainer=trainer)
    WorkoutFactory(client=other, day=program.days.first())
    assert _next(athlete).day.name == "Day A"


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_no_next_day_without_a_program_or_anything_in_it(athlete, trainer):
    assert _next(athlete) is None
    empty = program_create(trainer=trainer, client=athlete, name="Empty")
    day_add(program=empty, name="Day A")
    program_activate(program=empty)
    assert _next(athlete) is None


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
@time_machine.travel("2026-12-06 09:00Z", tick=False)
def test_my_program_leads_with_the_next_day_and_a_one_tap_start(client, athlete):
    program = give_program(athlete, days=2)
    day_a = program.days.first()
    client.force_login(athlete.user)
    html = client.get(URL).content.decode()
    log_url = reverse("training:my_day_log", args=[day_a.pk])
    start = f'href="{log_url}" data-offline>Start Day A'
    assert start in html
    assert "your first day" in html

    WorkoutFactory(client=athlete, day=day_a, performed_on=date(2026, 12, 4))
    html = client.get(URL).content.decode()
    assert "Start Day B" in html
    assert "last time you did Day A, Fri 4 Dec" in html
    # Above the notices and the sessions.
    assert html.index("Start Day B") < html.index("Your next sessions")
