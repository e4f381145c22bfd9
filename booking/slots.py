"""Free slots, in pure Python: a trainer's weekly hours on their own clock, minus days
off, minus every busy stretch (sessions, bookings and their buffers).

Invariants (tested, also across the nights the clocks change):
- every slot starts at a wall-clock time that exists in the trainer's zone: none in
  the hour the clocks skip, and a repeated hour is offered once (its first pass);
- a slot and its buffers share no time with any busy stretch;
- a slot lies inside the weekly hours, after the minimum notice and within the
  horizon.
"""

import bisect
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class Rules:
    length: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    step: timedelta = timedelta(minutes=30)
    notice: timedelta = timedelta(0)
    horizon: timedelta = timedelta(days=60)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    def blocked(self, rules: Rules) -> tuple[datetime, datetime]:
        return self.starts_at - rules.buffer_before, self.ends_at + rules.buffer_after


def wall_to_utc(wall: datetime, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """The instant a naive wall-clock time names in ``zone`` (the first, when the
    clocks go back and it comes twice); None when the clocks skip it."""
    instant = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


class Busy:
    """Busy stretches merged into disjoint, sorted ones: whether a stretch is free
    is one binary search."""

    def __init__(self, stretches: Iterable[tuple[datetime, datetime]]):
        merged: list[list[datetime]] = []
        for start, end in sorted(stretches):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def is_free(self, start: datetime, end: datetime) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i < 0 or self.ends[i] <= start


def free_slots(
    *,
    zone: str,
    hours: dict[int, list[tuple[time, time]]],
    days_off: set[date],
    busy: Busy,
    rules: Rules,
    first_day: date,
    last_day: date,
    now: datetime,
) -> Iterator[Slot]:
    """The free slots from ``first_day`` to ``last_day`` (the trainer's days), in
    order. ``hours`` maps a weekday (0 for Monday) to its stretches."""
    tz = zoneinfo.ZoneInfo(zone)
    earliest = now + rules.notice
    latest = now + rules.horizon
    day = first_day
    while day <= last_day:
        if day not in days_off:
            for opens, closes in sorted(hours.get(day.weekday(), [])):
                yield from _day_slots(
                    day, opens, closes, tz, busy, rules, earliest, latest
                )
        day += timedelta(days=1)


def _day_slots(day, opens, closes, tz, busy, rules, earliest, latest) -> Iterator[Slot]:
    wall = datetime.combine(day, opens)
    close_wall = datetime.combine(day, closes)
    # The stretch's end as an instant; if the clocks skip it, the first instant after.
    close = wall_to_utc(close_wall, tz) or close_wall.replace(tzinfo=tz).astimezone(UTC)
    while wall < close_wall:
        starts_at = wall_to_utc(wall, tz)
        wall += rules.step
        if starts_at is None:
            continue  # the clocks skip this time
        ends_at = starts_at + rules.length
        if ends_at > close or starts_at < earliest:
            continue
        if starts_at > latest:
            return
        slot = Slot(starts_at, ends_at)
        if busy.is_free(*slot.blocked(rules)):
            yield slot
