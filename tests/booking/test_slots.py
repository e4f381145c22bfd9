"""The free-slot core: weekly hours on the trainer's clock, across the nights the
clocks change, minus busy stretches and their buffers."""

import itertools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from booking.slots import Busy, Rules, free_slots, wall_to_utc

LONDON = zoneinfo.ZoneInfo("Europe/London")
EVERY_DAY = {day: [(time(0), time(4))] for day in range(7)}
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def slots(
    *,
    first_day,
    last_day=None,
    hours=None,
    busy=(),
    rules=None,
    now=LONG_AGO,
    zone="Europe/London",
    days_off=(),
):
    return list(
        free_slots(
            zone=zone,
            hours=hours or EVERY_DAY,
            days_off=set(days_off),
            busy=Busy(busy),
            rules=rules
            or Rules(length=timedelta(minutes=30), horizon=timedelta(days=9999)),
            first_day=first_day,
            last_day=last_day or first_day,
            now=now,
        )
    )


def walls(found, zone=LONDON):
    return [slot.starts_at.astimezone(zone).strftime("%H:%M") for slot in found]


def test_no_slot_lands_in_the_hour_the_clocks_skip():
    # 28 March 2027: London goes from 01:00 straight to 02:00.
    found = slots(first_day=date(2027, 3, 28))
    assert walls(found) == ["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"]
    # The half-hour before the jump ends at 02:00 BST: 30 minutes, not 90.
    assert all(s.ends_at - s.starts_at == timedelta(minutes=30) for s in found)


def test_a_repeated_hour_is_offered_once():
    # 25 October 2026: London goes from 01:59 BST back to 01:00 GMT.
    found = slots(first_day=date(2026, 10, 25))
    assert walls(found) == [
        "00:00",
        "00:30",
        "01:00",
        "01:30",
        "02:00",
        "02:30",
        "03:00",
        "03:30",
    ]
    starts = [s.starts_at for s in found]
    assert starts == sorted(set(starts))
    # 01:00 and 01:30 are the first pass (BST), and slots never share time.
    assert found[2].starts_at == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    assert all(a.ends_at <= b.starts_at for a, b in itertools.pairwise(found))


def test_an_hour_on_the_night_the_clocks_go_back_lasts_two_on_the_wall():
    rules = Rules(
        length=timedelta(hours=1), step=timedelta(hours=1), horizon=timedelta(days=9999)
    )
    found = slots(
        first_day=date(2026, 10, 25), rules=rules, hours={6: [(time(1), time(2))]}
    )
    # 01:00 BST to 01:00 GMT: an hour that ends before 02:00 on the wall.
    assert walls(found) == ["01:00"]


def test_the_hours_are_on_the_trainers_clock_wherever_the_visitor_is():
    found = slots(
        first_day=date(2027, 1, 4),
        zone="America/New_York",
        hours={0: [(time(9), time(10))]},
    )
    assert [s.starts_at for s in found] == [
        datetime(2027, 1, 4, 14, 0, tzinfo=UTC),
        datetime(2027, 1, 4, 14, 30, tzinfo=UTC),
    ]


def test_buffers_keep_free_time_around_every_busy_stretch():
    monday = {0: [(time(9), time(13))]}
    busy = [
        (datetime(2027, 1, 4, 10, tzinfo=UTC), datetime(2027, 1, 4, 11, tzinfo=UTC))
    ]
    rules = Rules(
        length=timedelta(minutes=30),
        buffer_before=timedelta(minutes=15),
        buffer_after=timedelta(minutes=15),
        horizon=timedelta(days=9999),
    )
    found = slots(first_day=date(2027, 1, 4), hours=monday, busy=busy, rules=rules)
    # 9:30 would end at 10:00, its buffer at 10:15; 11:00's buffer starts at 10:45.
    assert walls(found) == ["09:00", "11:30", "12:00", "12:30"]


def test_notice_horizon_and_days_off():
    monday = {0: [(time(9), time(12))]}
    now = datetime(2027, 1, 4, 9, 10, tzinfo=UTC)
    rules = Rules(
        length=timedelta(minutes=30),
        notice=timedelta(hours=1),
        horizon=timedelta(days=7),
    )
    found = slots(
        first_day=date(2027, 1, 4),
        last_day=date(2027, 1, 18),
        hours=monday,
        rules=rules,
        now=now,
        days_off=[date(2027, 1, 11)],
    )
    days = sorted({s.starts_at.date() for s in found})
    assert days == [date(2027, 1, 4)]  # the 11th is off, the 18th beyond the horizon
    assert walls(found)[0] == "10:30"  # 10:10 at the earliest, on the half-hour grid


def test_wall_to_utc_refuses_a_missing_time_and_takes_the_first_of_a_repeated_one():
    assert wall_to_utc(datetime.combine(date(2027, 3, 28), time(1, 30)), LONDON) is None
    assert wall_to_utc(
        datetime.combine(date(2026, 10, 25), time(1, 30)), LONDON
    ) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


stretch = st.tuples(st.integers(0, 24 * 60), st.integers(1, 240))


@settings(deadline=None)
@given(
    busy=st.lists(stretch, max_size=30),
    before=st.integers(0, 60),
    after=st.integers(0, 60),
    minutes=st.sampled_from([15, 30, 45, 60, 90]),
    zone=st.sampled_from(
        ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
    ),
    day=st.sampled_from(
        [
            date(2026, 10, 25),
            date(2027, 3, 28),
            date(2027, 3, 14),
            date(2026, 11, 1),
            date(2027, 4, 4),
            date(2027, 6, 9),
        ]
    ),
)
def test_no_slot_or_its_buffers_touch_anything_busy(
    busy, before, after, minutes, zone, day
):
    start = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=12)
    stretches = [
        (start + timedelta(minutes=at), start + timedelta(minutes=at + length))
        for at, length in busy
    ]
    rules = Rules(
        length=timedelta(minutes=minutes),
        buffer_before=timedelta(minutes=before),
        buffer_after=timedelta(minutes=after),
        step=timedelta(minutes=15),
        horizon=timedelta(days=9999),
    )
    hours = {d: [(time(0), time(23, 45))] for d in range(7)}
    found = slots(first_day=day, hours=hours, busy=stretches, rules=rules, zone=zone)
    tz = zoneinfo.ZoneInfo(zone)
    seen = set()
    for slot in found:
        blocked_from, blocked_until = slot.blocked(rules)
        assert not any(b0 < blocked_until and b1 > blocked_from for b0, b1 in stretches)
        wall = slot.starts_at.astimezone(tz).replace(tzinfo=None)
        assert wall_to_utc(wall, tz) == slot.starts_at  # exists, first pass
        assert wall not in seen
        seen.add(wall)
        assert wall.date() == day
