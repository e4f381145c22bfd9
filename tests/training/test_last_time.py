"""The log page shows, at each exercise, what was done at its variation the last time
it was logged, with the date: from one query for every exercise of the day."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from programming.models import Pattern
from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    VariationFactory,
)
from training.models import Workout, WorkoutExercise, WorkoutSet
from training.selectors import last_time_for_variations

pytestmark = pytest.mark.django_db


def logged(client, day, on: date, sets_by_prescription: dict, **exercise) -> Workout:
    """A workout of ``day`` on ``on``: for each prescription given, its sets as
    (reps, load) pairs."""
    workout = Workout.objects.create(
        uid=uuid.uuid4(), client=client, day=day, day_name=day.name, performed_on=on
    )
    for position, (prescription, sets) in enumerate(
        sets_by_prescription.items(), start=1
    ):
        row = WorkoutExercise.objects.create(
            workout=workout,
            position=position,
            prescription=prescription,
            variation=prescription.variation,
            pattern=prescription.variation.pattern,
            target=prescription.summary,
            **exercise,
        )
        WorkoutSet.objects.bulk_create(
            WorkoutSet(exercise=row, position=n, reps=reps, load=load)
            for n, (reps, load) in enumerate(sets, start=1)
        )
    return workout


def test_the_latest_logged_of_each_variation_by_date_then_by_order_logged(athlete, day):
    rdl, carry = day.prescriptions.order_by("position")
    logged(athlete, day, date(2026, 12, 1), {rdl: [(8, Decimal(40))] * 3})
    logged(athlete, day, date(2026, 12, 4), {rdl: [(8, Decimal(45))] * 3})
    logged(athlete, day, date(2026, 12, 2), {rdl: [(5, Decimal(50))]})
    # Logged later, for the same date: this one is the last time.
    logged(
        athlete,
        day,
        date(2026, 12, 4),
        {rdl: [(8, Decimal(50)), (8, Decimal(50)), (6, Decimal(50))]},
    )
    found = last_time_for_variations(
        client=athlete, variation_ids=[rdl.variation_id, carry.variation_id]
    )
    assert set(found) == {rdl.variation_id}, "the carry was never logged"
    assert found[rdl.variation_id].performed_on == date(2026, 12, 4)
    assert found[rdl.variation_id].sets == "2 × 8 @ 50 kg, 6 @ 50 kg"


def test_another_variation_of_the_pattern_or_another_clients_log_does_not_count(
    athlete, day
):
    rdl = day.prescriptions.get(position=1)
    other_hinge = PrescriptionFactory(
        day=day,
        position=3,
        variation=VariationFactory(owner=athlete.trainer, pattern=Pattern.HINGE),
    )
    logged(athlete, day, date(2026, 12, 5), {other_hinge: [(5, Decimal(80))]})
    stranger = ClientWithLoginFactory(trainer=athlete.trainer)
    logged(stranger, day, date(2026, 12, 6), {rdl: [(3, Decimal(100))]})
    assert (
        last_time_for_variations(client=athlete, variation_ids=[rdl.variation_id]) == {}
    )


@time_machine.travel("2026-12-06 09:00Z", tick=False)
def test_the_log_page_shows_last_time_at_each_exercise(athlete_client, athlete, day):
    rdl = day.prescriptions.get(position=1)
    logged(
        athlete, day, date(2026, 12, 4), {rdl: [(8, Decimal(40))] * 3}, rpe=7, pain=2
    )
    html = athlete_client.get(reverse("training:my_day_log", args=[day.pk])).content
    html = html.decode()
    assert (
        "Last time, Fri 4 Dec: <strong>3 × 8 @ 40 kg</strong> · RPE 7 · pain 2/10"
        in (html)
    )
    assert "First time at this exercise." in html  # the carry


@pytest.mark.parametrize("exercises", [1, 12])
def test_last_time_costs_the_same_queries_however_many_exercises(
    athlete_client, athlete, day, exercises, django_assert_max_num_queries
):
    day.prescriptions.all().delete()
    prescriptions = [
        PrescriptionFactory(
            day=day,
            position=n,
            variation=VariationFactory(owner=athlete.trainer, pattern=Pattern.PUSH),
        )
        for n in range(1, exercises + 1)
    ]
    for on in (date(2026, 12, 1), date(2026, 12, 3)):
        logged(athlete, day, on, {p: [(8, Decimal(20))] * 3 for p in prescriptions})
    with django_assert_max_num_queries(10):  # + the unread count
        page = athlete_client.get(reverse("training:my_day_log", args=[day.pk]))
    assert page.content.decode().count("Last time, Thu 3 Dec") == exercises


def test_the_rest_timer_uses_the_prescribed_rest_or_the_default(athlete_client, day):
    rdl, carry = day.prescriptions.order_by("position")
    rdl.rest_seconds = 120
    rdl.save()
    carry.rest_seconds = 0  # no rest between these: no timer
    carry.save()
    html = athlete_client.get(reverse("training:my_day_log", args=[day.pk]))
    html = html.content.decode()
    assert 'data-rest-start="120"' in html
    assert html.count("data-rest-start=") == 1
    carry.rest_seconds = None
    carry.save()
    html = athlete_client.get(reverse("training:my_day_log", args=[day.pk]))
    assert 'data-rest-start="90"' in html.content.decode()
