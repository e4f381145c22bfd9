"""The demo's threads read as a conversation: dated over the days before the latest
workout and its evening, not all at the moment of seeding."""

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.utils import timezone

from messaging import demo
from messaging.models import Message, Thread
from tests.factories import ClientWithLoginFactory, WorkoutFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 12, 10, 0, tzinfo=timezone.get_default_timezone())


def _seed(settings, tmp_path, performed_on: date):
    settings.MEDIA_ROOT = tmp_path
    alex = ClientWithLoginFactory()
    WorkoutFactory(client=alex, exercises=1, performed_on=performed_on)
    with time_machine.travel(NOW, tick=False):
        demo.seed(options={}, log=lambda line: None)
    return alex


def test_the_demo_messages_are_spread_over_the_days_before_seeding(settings, tmp_path):
    alex = _seed(settings, tmp_path, performed_on=date(2026, 3, 10))

    # In the order they were sent, each later than the one before.
    times = list(Message.objects.order_by("pk").values_list("created_at", flat=True))
    assert len(times) == 4
    assert all(a < b for a, b in pairwise(times))
    days = {timezone.localtime(t).date() for t in times}
    assert days == {date(2026, 3, 7), date(2026, 3, 10)}
    comment = Message.objects.get(workout__isnull=False)
    assert timezone.localtime(comment.created_at) == datetime(
        2026, 3, 10, 19, 30, tzinfo=timezone.get_default_timezone()
    )
    thread = Thread.objects.get()
    assert thread.last_message_at == comment.created_at
    # Read as before: the trainer read everything, the client all but the comment.
    assert list(Message.objects.unread_by(alex.user)) == [comment]
    assert not Message.objects.unread_by(alex.trainer).exists()


def test_a_workout_of_today_is_commented_just_before_seeding(settings, tmp_path):
    _seed(settings, tmp_path, performed_on=NOW.date())
    latest = Message.objects.order_by("-created_at").first()
    assert latest.created_at == NOW - timedelta(minutes=10)
    assert Message.objects.order_by("created_at").first().created_at < NOW - timedelta(
        days=3
    )
