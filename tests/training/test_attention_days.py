"""Who needs attention counts whole days on the trainer's clock (the zone the
request runs in): a missed session two weeks back counts from that midnight, and a
program from midnight the trainer's quiet days back, also when the clocks changed in
between."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from clients.models import Client
from programming.models import Program
from scheduling.models import Session
from tests.factories import (
    ClientFactory,
    ProgramFactory,
    SessionFactory,
    TrainerFactory,
)
from training.models import CoachSettings
from training.selectors.suggestions import (
    ATTENTION_DAYS,
    attention_for,
    with_attention,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def missed(client, starts_at: datetime) -> Session:
    return SessionFactory(
        client=client,
        starts_at=starts_at,
        attendance=Session.Attendance.MISSED,
        time_zone="Europe/London",
    )


@pytest.mark.parametrize(
    "now",
    [
        # Sunday 4 April 2027, 13:00 BST: two weeks back is Sunday 21 March, GMT.
        datetime(2027, 4, 4, 12, tzinfo=UTC),
        # 1 January 2027, 00:30: two weeks back is in the year before.
        datetime(2027, 1, 1, 0, 30, tzinfo=UTC),
        # Sunday 00:05 BST, still Saturday in UTC.
        datetime(2027, 6, 12, 23, 5, tzinfo=UTC),
    ],
    ids=["clocks-changed-between", "year-end", "already-sunday-in-london"],
)
def test_missed_sessions_count_from_midnight_two_weeks_back(now):
    trainer = TrainerFactory(time_zone="Europe/London")
    client = ClientFactory(trainer=trainer)
    today = now.astimezone(LONDON).date()
    midnight = datetime.combine(
        today - timedelta(days=ATTENTION_DAYS), datetime.min.time(), tzinfo=LONDON
    )
    inside = missed(client, midnight + timedelta(minutes=30))
    missed(client, midnight - timedelta(minutes=30))
    with timezone.override(LONDON):
        attention = attention_for(trainer=trainer, now=now)
    assert attention.missed == [inside]


@pytest.mark.parametrize(
    "now",
    [
        # Sunday 4 April 2027, 13:00 BST: a week back is Sunday 28 March, GMT.
        datetime(2027, 4, 4, 12, tzinfo=UTC),
        # Sunday 00:05 BST, still Saturday in UTC.
        datetime(2027, 6, 12, 23, 5, tzinfo=UTC),
    ],
    ids=["clocks-changed-between", "already-sunday-in-london"],
)
def test_quiet_clients_count_their_program_from_midnight_quiet_days_back(now):
    """A client with no workout is quiet once their program is older than the
    trainer's quiet days, counted from midnight on the trainer's clock; the list and
    the dashboard's filter agree."""
    trainer = TrainerFactory(time_zone="Europe/London")
    today = now.astimezone(LONDON).date()
    quiet_days = CoachSettings().quiet_days
    midnight = datetime.combine(
        today - timedelta(days=quiet_days), datetime.min.time(), tzinfo=LONDON
    )
    before, after = ClientFactory.create_batch(2, trainer=trainer)
    for client, created in [
        (before, midnight - timedelta(minutes=30)),
        (after, midnight + timedelta(minutes=30)),
    ]:
        program = ProgramFactory(client=client, is_active=True)
        Program.objects.filter(pk=program.pk).update(created_at=created)
    with timezone.override(LONDON):
        attention = attention_for(trainer=trainer, now=now)
        flagged = with_attention(Client.objects.all(), trainer=trainer, now=now)
        needing = {c.pk for c in flagged if c.needs_attention}
    assert attention.quiet == [before]
    assert needing == {before.pk}
