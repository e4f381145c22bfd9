"""``seed_demo``: sessions for the demo clients, some due for a reminder at once,
and ``--sessions N`` extra ones for measuring."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Consultation
from scheduling.demo import EXTRA_FOCUS
from scheduling.models import Series, Session
from scheduling.services import reminder_sweep
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db

# Instants where the demo's days are easy to get wrong, for a trainer in London.
AWKWARD = [
    # Sunday 00:59 GMT, a minute before the clocks go forward: Alex's series
    # ends on the Monday two weeks on, before now's time of day.
    datetime(2027, 3, 28, 0, 59, tzinfo=UTC),
    # Saturday 21:50: Riley's session three hours on would be 01:00 on Sunday,
    # a time the clocks skip.
    datetime(2027, 3, 27, 21, 50, tzinfo=UTC),
    # Saturday 23:10 BST: Riley's session three hours on is in the hour the
    # clocks go back, which happens twice.
    datetime(2027, 10, 30, 22, 10, tzinfo=UTC),
    # Monday 10:00: Sam's weekly Tuesday runs to the Tuesday two weeks on.
    datetime(2027, 1, 4, 10, tzinfo=UTC),
    # Sunday 23:58: Sam's single is the day after tomorrow; the year ends.
    datetime(2026, 12, 27, 23, 58, tzinfo=UTC),
]


def ids(instants: list[datetime]) -> list[str]:
    return [f"{n:%Y-%m-%dT%H:%MZ}" for n in instants]


@pytest.fixture
def coaches() -> str:
    """The demo trainers, made first in London (the demo keeps their zone)."""
    for email in ("coach@example.com", "coach2@example.com"):
        TrainerFactory(email=email, time_zone="Europe/London")
    return "Europe/London"


def test_the_demo_schedules_two_weeks_and_a_reminder_soon(
    mailoutbox, django_capture_on_commit_callbacks
):
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    upcoming = Session.objects.upcoming(now)
    assert upcoming.filter(client__email="client@example.com").count() >= 5
    assert upcoming.filter(client__email="client2@example.com").count() >= 4
    # The worker's first sweep sends Alex (client@example.com) a reminder.
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(now=now)
    assert "client@example.com" in [m.to[0] for m in mailoutbox]

    before = Session.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Session.objects.count() == before


def test_extra_sessions_are_all_due_and_made_in_bulk():
    call_command("seed_demo", verbosity=0)
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", sessions=3000, verbosity=0)
    extra = Session.objects.filter(focus=EXTRA_FOCUS)
    assert extra.count() == 3000
    assert len(queries) < 3000 / 10
    due = Session.objects.due_for_reminder(timezone.now())
    assert due.filter(focus=EXTRA_FOCUS).count() == 3000
    call_command("seed_demo", sessions=3000, verbosity=0)
    assert extra.count() == 3000


def test_a_negative_count_is_refused():
    with pytest.raises(SystemExit) as refused:
        call_command("seed_demo", sessions=-1, verbosity=0)
    assert refused.value.code == 2


@pytest.mark.parametrize("now", AWKWARD, ids=ids(AWKWARD))
def test_in_london_each_series_runs_two_weeks_from_after_the_single(coaches, now):
    """On the trainer's clock: the singles within three days, each weekly series
    from the day after its client's single (tomorrow, or the day after at
    midnight, when none), for two weeks and not a day more."""
    zone = ZoneInfo(coaches)
    today = now.astimezone(zone).date()
    with time_machine.travel(now, tick=False):
        call_command("seed_demo", verbosity=0)
    # Sessions from before now are the training demo's, with workouts logged.
    singles = Session.objects.upcoming(now).filter(series=None)
    assert singles.count() == 5
    for single in singles:
        assert now < single.starts_at <= now + timedelta(days=3, minutes=15)
    single_day = {s.client_id: s.starts_at.astimezone(zone).date() for s in singles}
    coming = Series.objects.filter(first_date__gt=today).prefetch_related("sessions")
    assert len(coming) == 3
    for series in coming:
        after = single_day.get(series.client_id, today)
        assert after < series.first_date <= after + timedelta(days=2)
        assert series.weeks == 2
        days = sorted(
            s.starts_at.astimezone(zone).date() for s in series.sessions.all()
        )
        assert len(days) == 2 * len(series.weekdays)
        assert days[-1] < series.first_date + timedelta(weeks=2)
    assert_one_session_a_day()


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 6, 9, tzinfo=UTC),  # a Sunday: Alex's series is Mon, Thu
        datetime(2026, 12, 9, 9, tzinfo=UTC),  # a Wednesday
        datetime(2026, 12, 7, 19, tzinfo=UTC),  # a Monday evening: Sam's is Tue 18:00
    ],
    ids=["sunday", "wednesday", "monday-evening"],
)
def test_no_demo_client_has_two_sessions_on_one_day(now):
    with time_machine.travel(now, tick=False):
        call_command("seed_demo", verbosity=0)
    assert_one_session_a_day()


def assert_one_session_a_day() -> None:
    days = [
        (s.client_id, s.starts_at.astimezone(ZoneInfo(s.time_zone)).date())
        for s in Session.objects.all()
    ]
    assert len(days) == len(set(days)), "a client has two sessions on one day"


def test_every_demo_consultation_was_consented_as_it_was_sent():
    call_command("seed_demo", verbosity=0)
    for consultation in Consultation.objects.all():
        assert consultation.consented_at == consultation.created_at
