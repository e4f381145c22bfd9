"""Scheduling a weekly series of sessions."""

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from clients.models import Client
from scheduling.models import MAX_SERIES_WEEKS, Series, Session
from scheduling.services.checks import (
    SERIES_IN_PAST,
    SERIES_NO_DAYS,
    SERIES_TOO_LONG,
    check_duration,
    check_future,
    check_overlaps,
    new_session,
    validate,
)
from screening.gate import training_gate_check


def series_days(*, first_day: date, weekdays: Iterable[int], weeks: int) -> list[date]:
    """The dates of a weekly series: each chosen weekday (0 is Monday) in the
    ``weeks`` weeks that start on ``first_day``."""
    chosen = set(weekdays)
    days = (first_day + timedelta(days=n) for n in range(7 * weeks))
    return [day for day in days if day.weekday() in chosen]


@transaction.atomic
def series_schedule(
    *,
    client: Client,
    first_day: date,
    weekdays: list[int],
    weeks: int,
    start_time: time,
    duration: timedelta,
    location: str = "",
    video_url: str = "",
    focus: str = "",
    notes: str = "",
    allow_overlap: bool = False,
    now: datetime | None = None,
) -> Series:
    """Schedule a weekly series with ``client``: a session at ``start_time`` (on the
    clock of the client's trainer,
    whatever the season) on each chosen weekday for ``weeks`` weeks from
    ``first_day``.

    Refused as ``session_schedule`` refuses one session, and when no day is chosen or
    the series runs longer than a year. Nothing is saved unless every session can be.
    """
    now = now or timezone.now()
    trainer = client.trainer
    if not weekdays or not set(weekdays) <= set(range(7)):
        raise ValidationError({"weekdays": SERIES_NO_DAYS})
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise ValidationError({"weeks": SERIES_TOO_LONG})
    check_duration(duration)
    training_gate_check(client=client)
    series = Series(
        client=client,
        weekdays=sorted(set(weekdays)),
        weeks=weeks,
        first_date=first_day,
    )
    details = {
        "location": location,
        "video_url": video_url,
        "focus": focus,
        "notes": notes,
    }
    sessions = [
        new_session(
            client=client,
            day=day,
            start_time=start_time,
            duration=duration,
            series=series,
            **details,
        )
        for day in series_days(first_day=first_day, weekdays=weekdays, weeks=weeks)
    ]
    first = sessions[0]
    if first.starts_at <= now:
        when = first.starts_at.astimezone(zoneinfo.ZoneInfo(trainer.time_zone))
        raise ValidationError(
            {"day": SERIES_IN_PAST.format(when=date_format(when, "l j F, H:i"))}
        )
    check_future(sessions=[first], now=now)
    # The sessions differ only in their times, checked above: validate one.
    validate(first)
    check_overlaps(trainer=trainer, sessions=sessions, allow_overlap=allow_overlap)
    series.save()
    for session in sessions:
        session.series = series
    Session.objects.bulk_create(sessions)
    return series
