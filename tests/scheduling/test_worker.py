"""Reminders through a real Celery beat and worker on Redis (CI runs it)."""

import threading
from datetime import timedelta

import pytest
from celery.beat import Service
from django.utils import timezone

from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import SessionFactory
from trainer.celery import app

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_beat(celery_worker):
    """Beat in a thread, sending the reminder sweep every half second to the
    worker through Redis."""
    previous = app.conf.beat_schedule
    app.conf.beat_schedule = {
        "session-reminders": {
            "task": "scheduling.tasks.reminder_sweep_task",
            "schedule": 0.5,
        }
    }
    beat = Service(app, max_interval=0.5, scheduler_cls="celery.beat:Scheduler")
    thread = threading.Thread(target=beat.start, daemon=True)
    thread.start()
    yield beat
    beat.stop()
    thread.join(timeout=10)
    app.conf.beat_schedule = previous


def sweeps_run(beat) -> int:
    return beat.scheduler.schedule["session-reminders"].total_run_count


def test_beat_and_the_worker_send_a_due_reminder_exactly_once(celery_beat, mailoutbox):
    first = SessionFactory(starts_at=timezone.now() + timedelta(hours=3))
    assert wait_for(lambda: len(mailoutbox) == 1), "no reminder was sent"
    assert mailoutbox[0].to == [first.client.email]

    # Later sweeps leave the first session alone, and remind a second one that
    # became due meanwhile: once that has arrived, those sweeps have run.
    runs = sweeps_run(celery_beat)
    second = SessionFactory(starts_at=timezone.now() + timedelta(hours=2, minutes=30))
    assert wait_for(lambda: len(mailoutbox) == 2), "the second reminder never came"
    assert wait_for(lambda: sweeps_run(celery_beat) >= runs + 3)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [first.client.email, second.client.email]
    )
    assert Email.objects.filter(status=Email.Status.SENT).count() == 2
