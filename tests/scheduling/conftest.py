from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from clients.models import Client
from scheduling.models import Session
from tests.factories import ClientFactory, TrainerFactory


def bulk_due_sessions(count: int, *, now: datetime, clients: int = 10) -> list:
    """``count`` sessions starting 2 to 22 hours after ``now``, all due for their
    24-hour reminder, spread over a few clients of one trainer. Fast: one INSERT."""
    trainer = TrainerFactory()
    people = ClientFactory.create_batch(clients, trainer=trainer)
    step = timedelta(hours=20) / count
    sessions = []
    for n in range(count):
        session = Session(client=people[n % clients], time_zone="UTC")
        starts_at = now + timedelta(hours=2) + step * n
        session.set_times(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
        sessions.append(session)
    return Session.objects.bulk_create(sessions, batch_size=2000)


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def london(db):
    """A trainer in London with a client who logs in."""
    trainer = TrainerFactory(time_zone="Europe/London")
    return ClientFactory(
        trainer=trainer, first_name="Alex", reminders=Client.Reminders.DAY_BEFORE
    )
