import pytest
from rest_framework.test import APIClient

from tests.factories import ClientWithLoginFactory, PrescriptionFactory, TrainerFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def coach(db):
    return TrainerFactory()


@pytest.fixture
def athlete(coach):
    return ClientWithLoginFactory(trainer=coach)


@pytest.fixture
def day(athlete):
    """A day of the athlete's active program, with two exercises."""
    first = PrescriptionFactory(
        day__program__client=athlete, day__program__is_active=True, position=1
    )
    PrescriptionFactory(day=first.day, position=2, seconds=30, reps=None)
    return first.day
