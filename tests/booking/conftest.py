from datetime import UTC, datetime, time

import pytest
import time_machine

from tests.factories import SessionTypeFactory, TrainerFactory, WeeklyHoursFactory

# A Monday morning in January: no clock change near.
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def consultation(db):
    """A London trainer's 30-minute consultation, every day 9:00 to 17:00, bookable
    from an hour ahead for 60 days."""
    trainer = TrainerFactory(time_zone="Europe/London", first_name="Sam")
    for weekday in range(7):
        WeeklyHoursFactory(
            trainer=trainer, weekday=weekday, starts=time(9), ends=time(17)
        )
    return SessionTypeFactory(trainer=trainer, minutes=30, step=30, notice_hours=1)
