"""The API's lists cost the same number of queries for one row as for a page."""

import pytest
from django.urls import reverse

from programming.models import Variation
from programming.services import assignment_set
from tests.factories import (
    ClientFactory,
    ProgramFactory,
    SessionFactory,
    WorkoutFactory,
)

MANY = 30


def _clients(coach, athlete, n):
    ClientFactory.create_batch(n - 1, trainer=coach)


def _assignments(coach, athlete, n):
    for pattern in ["hinge", "squat", "push", "pull", "lunge", "carry"][:n]:
        variation = Variation.objects.filter(owner=None, pattern=pattern).first()
        assignment_set(client=athlete, variation=variation, changed_by=coach)


def _programs(coach, athlete, n):
    ProgramFactory.create_batch(n, client=athlete)


def _sessions(coach, athlete, n):
    SessionFactory.create_batch(n, client=athlete)


def _workouts(coach, athlete, n):
    for _ in range(n):
        WorkoutFactory(client=athlete, exercises=2)


# (route, who calls it, how to make n rows, the most queries it may take). Two of
# each are the request transaction's SAVEPOINT and RELEASE (a BEGIN and COMMIT
# outside the tests).
LISTS = [
    ("api:client_list", "coach", _clients, 4),
    ("api:assignment_list", "coach", _assignments, 4),
    ("api:program_list", "coach", _programs, 4),
    ("api:session_list", "coach", _sessions, 4),
    ("api:workout_list", "coach", _workouts, 6),
    ("api:my_workout_list", "athlete", _workouts, 7),
]


@pytest.mark.parametrize(
    ("name", "caller", "make", "budget"), LISTS, ids=[row[0] for row in LISTS]
)
@pytest.mark.parametrize("rows", [1, MANY])
def test_a_list_takes_the_same_queries_for_one_row_as_for_many(
    api, coach, athlete, django_assert_max_num_queries, name, caller, make, budget, rows
):
    make(coach, athlete, rows)
    kwargs = {"client_pk": athlete.pk} if name == "api:assignment_list" else {}
    api.force_authenticate(athlete.user if caller == "athlete" else coach)
    with django_assert_max_num_queries(budget):
        response = api.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    body = response.json()
    found = len(body) if isinstance(body, list) else len(body["results"])
    assert found == min(rows, 6) if name == "api:assignment_list" else found == rows
