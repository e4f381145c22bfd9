"""Query budgets that hold from one logged workout to a thousand."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    SessionFactory,
    SuggestionFactory,
    TrainerFactory,
)
from training.models import Workout, WorkoutExercise, WorkoutSet

pytestmark = pytest.mark.django_db


def history(client, day, count: int) -> None:
    """``count`` workouts of ``day``, one a day back from yesterday, every exercise
    with three sets: a few INSERTs."""
    today = timezone.localdate()
    workouts = Workout.objects.bulk_create(
        Workout(
            uid=uuid.uuid4(),
            client=client,
            day=day,
            day_name=day.name,
            performed_on=today - timedelta(days=n + 1),
        )
        for n in range(count)
    )
    prescriptions = list(day.prescriptions.select_related("variation"))
    exercises = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=workout,
            position=position,
            prescription=p,
            variation=p.variation,
            pattern=p.variation.pattern,
            target=p.summary,
            rpe=7,
            pain=n % 3,
        )
        for n, workout in enumerate(workouts)
        for position, p in enumerate(prescriptions, start=1)
    )
    WorkoutSet.objects.bulk_create(
        WorkoutSet(exercise=e, position=s, reps=8, load=Decimal(40))
        for e in exercises
        for s in range(1, 4)
    )


@pytest.mark.parametrize("count", [1, 10, 1000])
def test_the_logging_page(
    athlete_client, athlete, day, count, django_assert_max_num_queries
):
    history(athlete, day, count)
    url = reverse("training:my_day_log", args=[day.pk])
    with django_assert_max_num_queries(9):  # rendered, kept; + the unread count
        page = athlete_client.get(url)
    assert page.status_code == 200
    # Kept per revision of the client: the login and the client (in a savepoint).
    with django_assert_max_num_queries(4):
        again = athlete_client.get(url)
    assert "Last time" in again.content.decode()


@pytest.mark.parametrize("count", [1, 1000])
def test_the_clients_history(
    athlete_client, athlete, day, count, django_assert_max_num_queries
):
    history(athlete, day, count)
    with django_assert_max_num_queries(7):
        page = athlete_client.get(reverse("training:my_workouts"))
    assert len(page.context["page"].object_list) == min(count, 20)
    latest = Workout.objects.first()
    with django_assert_max_num_queries(8):
        assert athlete_client.get(latest.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 1000])
def test_the_client_page(client, athlete, day, count, django_assert_max_num_queries):
    history(athlete, day, count)
    client.force_login(athlete.trainer)
    # 4 of them for the progress charts.
    with django_assert_max_num_queries(19):  # + screening, the unread count
        page = client.get(athlete.get_absolute_url())
    rows = {p.value: r for p, _, r in page.context["result_rows"]}
    assert rows["hinge"].performed_on == timezone.localdate() - timedelta(days=1)


@pytest.mark.parametrize("clients", [1, 60])
def test_the_dashboard_with_attention_and_compliance(
    client, clients, django_assert_max_num_queries
):
    """Every client with a program, a history, a suggestion waiting and a missed
    session: the dashboard's queries stay the same."""
    trainer = TrainerFactory()
    for n in range(clients):
        athlete = ClientWithLoginFactory(trainer=trainer)
        day = PrescriptionFactory(
            day__program__client=athlete, day__program__is_active=True
        ).day
        history(athlete, day, 20)
        SuggestionFactory(client=athlete, flagged=n % 2 == 0)
        started = timezone.now() - timedelta(days=2)
        SessionFactory(
            client=athlete,
            starts_at=started,
            ends_at=started + timedelta(hours=1),
            attendance="missed",
        )
    client.force_login(trainer)
    # With the rungs and tags to filter on, and each row's tags (dashboard/views.py).
    with django_assert_max_num_queries(20):  # + screening, unread count, threads
        page = client.get(reverse("dashboard:index"))
    html = page.content.decode()
    assert html.count('class="list-group-item suggestion"') == min(clients, 20)
    assert html.count("20 of 4 workouts in 4 weeks") == min(clients, 25)
