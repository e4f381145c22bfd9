"""Days on the trainer's clock, where they are easy to get wrong: the nights the
clocks change (a day of 23 hours and one of 25), midnight when UTC already says
tomorrow or still says yesterday, and the ends of a month and of a year."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.models import Session
from scheduling.selectors import (
    session_list_from_today,
    session_list_today,
    session_week,
    session_when,
)
from tests.factories import ClientFactory, SessionFactory, TrainerFactory

pytestmark = pytest.mark.django_db

LONDON = "Europe/London"
NEW_YORK = "America/New_York"


def local(zone: str, *when: int, fold: int = 0) -> datetime:
    """An instant given as the clock on the wall in ``zone`` shows it."""
    return datetime(*when, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


def utc(*when: int) -> datetime:
    return datetime(*when, tzinfo=UTC)


def book(client, starts_at: datetime, name: str) -> Session:
    return SessionFactory(
        client=client,
        starts_at=starts_at,
        time_zone=client.trainer.time_zone,
        focus=name,
    )


@pytest.fixture
def coach_in(db):
    def make(zone: str):
        return ClientFactory(trainer=TrainerFactory(time_zone=zone))

    return make


# (zone, now, sessions of today, sessions of the day before and the day after), the
# sessions as (year, month, day, hour, minute[, fold]) on the wall in the zone.
TODAY = {
    "spring-forward-a-day-of-23-hours": (
        LONDON,
        utc(2027, 3, 28, 0, 59),  # 00:59 GMT, a minute before 02:00 BST
        [(2027, 3, 28, 0, 30), (2027, 3, 28, 23, 30)],
        [(2027, 3, 27, 23, 30), (2027, 3, 29, 0, 30)],
    ),
    "fall-back-a-day-of-25-hours": (
        LONDON,
        utc(2027, 10, 31, 1, 30),  # 01:30 GMT, the second time the clock says so
        [
            (2027, 10, 31, 0, 30),
            (2027, 10, 31, 1, 15, 0),  # 01:15 BST
            (2027, 10, 31, 1, 15, 1),  # 01:15 GMT, an hour later
            (2027, 10, 31, 23, 30),
        ],
        [(2027, 10, 30, 23, 30), (2027, 11, 1, 0, 30)],
    ),
    "london-already-tomorrow": (
        LONDON,
        utc(2027, 6, 12, 23, 5),  # Sunday 00:05 BST, still Saturday in UTC
        [(2027, 6, 13, 0, 30), (2027, 6, 13, 23, 30)],
        [(2027, 6, 12, 23, 0), (2027, 6, 14, 0, 30)],
    ),
    "new-york-still-yesterday": (
        NEW_YORK,
        utc(2027, 6, 13, 2, 0),  # Saturday 22:00 EDT, already Sunday in UTC
        [(2027, 6, 12, 0, 30), (2027, 6, 12, 23, 30)],
        [(2027, 6, 11, 23, 30), (2027, 6, 13, 0, 30)],
    ),
    "us-spring-forward": (
        NEW_YORK,
        utc(2027, 3, 14, 9, 30),  # 05:30 EDT, the morning the clocks went forward
        [(2027, 3, 14, 1, 30), (2027, 3, 14, 23, 30)],
        [(2027, 3, 13, 23, 30), (2027, 3, 15, 0, 30)],
    ),
    "month-end": (
        LONDON,
        utc(2027, 4, 30, 23, 30),  # 1 May 00:30 BST
        [(2027, 5, 1, 0, 0), (2027, 5, 1, 22, 0)],
        [(2027, 4, 30, 23, 0), (2027, 5, 2, 0, 0)],
    ),
    "year-end": (
        LONDON,
        utc(2026, 12, 31, 23, 59),
        [(2026, 12, 31, 0, 0), (2026, 12, 31, 23, 30)],
        [(2026, 12, 30, 23, 30), (2027, 1, 1, 0, 0)],
    ),
    "leap-day": (
        NEW_YORK,
        utc(2028, 3, 1, 3, 0),  # 29 February 22:00 EST
        [(2028, 2, 29, 0, 0), (2028, 2, 29, 23, 30)],
        [(2028, 2, 28, 23, 30), (2028, 3, 1, 0, 0)],
    ),
}


def _wall(zone: str, when: tuple) -> datetime:
    *parts, fold = when if len(when) == 6 else (*when, 0)
    return local(zone, *parts, fold=fold)


@pytest.mark.parametrize(
    ("zone", "now", "inside", "outside"), TODAY.values(), ids=TODAY
)
def test_today_is_the_day_on_the_trainers_clock(coach_in, zone, now, inside, outside):
    client = coach_in(zone)
    today = {book(client, _wall(zone, w), f"in {w}") for w in inside}
    for w in outside:
        book(client, _wall(zone, w), f"out {w}")

    listed = session_list_today(trainer=client.trainer, now=now)
    assert set(listed) == today

    found = session_list_from_today(trainer=client.trainer, client=client, now=now)
    assert found.today == min(today, key=lambda s: s.starts_at)


@pytest.mark.parametrize(
    ("zone", "day", "monday"),
    [
        # The week the clocks go forward: from 00:00 GMT to 24:00 BST, 167 hours.
        (LONDON, date(2027, 3, 28), date(2027, 3, 22)),
        # The week they go back: 169 hours.
        (LONDON, date(2027, 10, 27), date(2027, 10, 25)),
        # Across the new year, a month end and a leap day.
        (LONDON, date(2027, 1, 1), date(2026, 12, 28)),
        (NEW_YORK, date(2027, 4, 30), date(2027, 4, 26)),
        (NEW_YORK, date(2028, 2, 29), date(2028, 2, 28)),
    ],
    ids=["spring-forward", "fall-back", "year-end", "month-end", "leap-day"],
)
def test_the_week_runs_monday_to_sunday_on_the_trainers_clock(
    coach_in, zone, day, monday
):
    client = coach_in(zone)
    sunday = monday + timedelta(days=6)
    first = book(client, local(zone, *monday.timetuple()[:3], 0, 0), "first")
    last = book(client, local(zone, *sunday.timetuple()[:3], 23, 30), "last")
    book(client, first.starts_at - timedelta(minutes=30), "the Sunday before")
    book(client, last.starts_at + timedelta(minutes=30), "the Monday after")

    week = session_week(trainer=client.trainer, day=day)
    assert week.start == monday
    assert [d.day for d in week.days] == [monday + timedelta(days=n) for n in range(7)]
    assert week.days[0].sessions == [first]
    assert week.days[6].sessions == [last]
    assert week.count == 2


@pytest.mark.parametrize(
    ("zone", "now", "starts", "day"),
    [
        # Saturday 23:30 GMT: the session on Sunday, after the clocks go forward.
        (LONDON, utc(2027, 3, 27, 23, 30), (2027, 3, 28, 10, 0), "tomorrow"),
        # Sunday 00:30 GMT: the same session is today.
        (LONDON, utc(2027, 3, 28, 0, 30), (2027, 3, 28, 10, 0), "today"),
        # Sunday 12:00 BST: Monday 00:30 BST is still Sunday in UTC.
        (LONDON, utc(2027, 3, 28, 11, 0), (2027, 3, 29, 0, 30), "tomorrow"),
        # Sunday 01:30 GMT, after the clocks went back: 23:30 is today.
        (LONDON, utc(2027, 10, 31, 1, 30), (2027, 10, 31, 23, 30), "today"),
        # New Year's Eve, 23:30 in London.
        (LONDON, utc(2026, 12, 31, 23, 30), (2027, 1, 1, 9, 0), "tomorrow"),
        # 22:00 EDT on 30 April, already 1 May in UTC: 1 May is tomorrow.
        (NEW_YORK, utc(2027, 5, 1, 2, 0), (2027, 5, 1, 9, 0), "tomorrow"),
        (NEW_YORK, utc(2027, 5, 1, 2, 0), (2027, 5, 2, 9, 0), "on Sunday 2 May"),
    ],
)
def test_today_and_tomorrow_are_the_readers(zone, now, starts, day):
    starts_at = local(zone, *starts)
    session = Session(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    assert session_when(session, time_zone=zone, now=now)["day"] == day
