"""``seed_demo``: sessions for the demo clients, some due for a reminder at once,
and ``--sessions N`` extra ones for measuring."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Consultation
from scheduling.demo import EXTRA_FOCUS
from scheduling.models import Session
from scheduling.services import reminder_sweep

pytestmark = pytest.mark.django_db


def test_the_demo_schedules_two_weeks_and_a_reminder_soon(
    mailoutbox, django_capture_on_commit_callbacks
):
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    upcoming = Session.objects.upcoming(now)
    assert upcoming.filter(client__email="client@example.com").count() >= 5
    assert upcoming.filter(client__email="client2@example.com").count() >= 4
    assert upcoming.filter(starts_at__lte=now + timedelta(days=15)).count() == (
        upcoming.count()
    )
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


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 6, 9, tzinfo=UTC),  # a Sunday: Alex's series is Mon, Thu
        datetime(2026, 12, 9, 9, tzinfo=UTC),  # a Wednesday
        datetime(2026, 12, 7, 19, tzinfo=UTC),  # a Monday evening: Sam's is Tue 18:00
    ],
    ids=["sunday", "wednesday", "monday-evening"],
)
def test_no_demo_client_has_two_sessions_on_one_day(monkeypatch, now):
    monkeypatch.setattr(timezone, "now", lambda: now)
    call_command("seed_demo", verbosity=0)
    days = [
        (s.client_id, s.starts_at.astimezone(ZoneInfo(s.time_zone)).date())
        for s in Session.objects.all()
    ]
    assert len(days) == len(set(days)), "a client has two sessions on one day"


def test_every_demo_consultation_was_consented_as_it_was_sent():
    call_command("seed_demo", verbosity=0)
    for consultation in Consultation.objects.all():
        assert consultation.consented_at == consultation.created_at
