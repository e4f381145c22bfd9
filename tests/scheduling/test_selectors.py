"""The client page's sessions: the first of today, on the trainer's clock, and the
next few that have not started."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.models import Session
from scheduling.selectors import session_list_from_today
from tests.factories import ClientFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture
def athlete(trainer):
    trainer.time_zone = "UTC"
    trainer.save()
    return ClientFactory(trainer=trainer)


def at(athlete, starts_at, **fields) -> Session:
    return SessionFactory(
        client=athlete, starts_at=starts_at, ends_at=starts_at + HOUR, **fields
    )


def test_the_first_of_today_and_the_next_three(athlete, trainer):
    at(athlete, NOON - 30 * HOUR)  # yesterday
    morning = at(athlete, NOON - 3 * HOUR)
    later = [at(athlete, NOON + n * HOUR) for n in (2, 5, 26, 50)]
    at(athlete, NOON + HOUR, status="cancelled", cancelled_at=NOON)
    found = session_list_from_today(trainer=trainer, client=athlete, now=NOON)
    assert found.today == morning
    assert found.upcoming == later[:3]
    assert found.upcoming[0].client is athlete  # no second read of the client


def test_a_day_with_no_session_yet(athlete, trainer, django_assert_num_queries):
    tomorrow = at(athlete, NOON + 24 * HOUR)
    with django_assert_num_queries(1):
        found = session_list_from_today(trainer=trainer, client=athlete, now=NOON)
    assert (found.today, found.upcoming) == (None, [tomorrow])


def test_many_sessions_started_today_still_leave_the_next_three(
    athlete, trainer, django_assert_num_queries
):
    started = [at(athlete, NOON - HOUR - n * timedelta(minutes=61)) for n in range(9)]
    later = [at(athlete, NOON + n * HOUR) for n in (1, 30, 60)]
    with django_assert_num_queries(2):
        found = session_list_from_today(trainer=trainer, client=athlete, now=NOON)
    assert found.today == min(started, key=lambda s: s.starts_at)
    assert found.upcoming == later
