"""The reminder sweep inside the task's time limits: batches sized by the time left,
and a clean stop when the soft limit strikes anyway."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from outbox import services as outbox
from outbox import tasks as outbox_tasks
from outbox.models import Email
from scheduling import tasks
from scheduling.services import reminders
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = pytest.mark.django_db


class Connections(LocmemBackend):
    opened = 0

    def open(self):
        Connections.opened += 1
        return super().open()


class StopsAtTheThird(LocmemBackend):
    sent = 0

    def send_messages(self, messages):
        if StopsAtTheThird.sent == 2:
            raise SoftTimeLimitExceeded()
        StopsAtTheThird.sent += 1
        return super().send_messages(messages)


def test_a_batch_holds_what_the_time_left_can_send(
    settings, monkeypatch, now, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.Connections"
    Connections.opened = 0
    bulk_due_sessions(10, now=now)
    # The clock stands still just before the deadline: four emails fit.
    monkeypatch.setattr(reminders, "monotonic", lambda: 100.0)
    monkeypatch.setattr(outbox, "monotonic", lambda: 100.0)
    deadline = 100.0 + 4.5 * reminders.SECONDS_PER_EMAIL
    with django_capture_on_commit_callbacks(execute=True):
        sweep = reminders.reminder_sweep(now=now, deadline=deadline)
    assert (sweep.written, sweep.finished) == (10, True)
    assert Connections.opened == 3  # batches of 4, 4 and 2
    assert len(mailoutbox) == 10


def test_when_just_one_email_fits_the_sweep_sends_batches_of_one(
    settings, monkeypatch, now, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.Connections"
    Connections.opened = 0
    bulk_due_sessions(3, now=now)
    monkeypatch.setattr(reminders, "monotonic", lambda: 100.0)
    monkeypatch.setattr(outbox, "monotonic", lambda: 100.0)
    deadline = 100.0 + 1.5 * reminders.SECONDS_PER_EMAIL
    with django_capture_on_commit_callbacks(execute=True):
        sweep = reminders.reminder_sweep(now=now, deadline=deadline)
    assert (sweep.written, sweep.finished) == (3, True)
    assert Connections.opened == 3
    assert len(mailoutbox) == 3


def test_a_batch_that_runs_past_the_deadline_puts_the_rest_back_due_at_once(
    monkeypatch, now, mailoutbox, django_capture_on_commit_callbacks
):
    bulk_due_sessions(4, now=now)
    deadline = 100.0 + 4.5 * reminders.SECONDS_PER_EMAIL
    monkeypatch.setattr(reminders, "monotonic", lambda: 100.0)
    # The batch fits when it starts, but the server turns slow after the first email.
    readings = iter([100.0])
    monkeypatch.setattr(outbox, "monotonic", lambda: next(readings, deadline))
    with django_capture_on_commit_callbacks(execute=True):
        sweep = reminders.reminder_sweep(now=now, deadline=deadline)
    assert (sweep.written, sweep.finished) == (4, True)
    assert len(mailoutbox) == 1
    left = Email.objects.exclude(status=Email.Status.SENT)
    assert {(e.status, e.attempts, e.last_error) for e in left} == {
        (Email.Status.PENDING, 0, outbox.DEADLINE_REACHED)
    }
    assert left.count() == 3


def test_no_batch_starts_when_not_one_email_would_fit(
    monkeypatch, now, mailoutbox, django_capture_on_commit_callbacks
):
    bulk_due_sessions(3, now=now)
    monkeypatch.setattr(reminders, "monotonic", lambda: 100.0)
    with django_capture_on_commit_callbacks(execute=True):
        sweep = reminders.reminder_sweep(now=now, deadline=100.05)
    assert (sweep.written, sweep.finished) == (0, False)
    assert not Email.objects.exists()


def test_the_task_sizes_its_sweep_by_the_soft_time_limit(monkeypatch):
    monkeypatch.setattr(tasks.reminder_sweep_task, "soft_time_limit", 10)
    seen = {}

    def sweep(**kwargs):
        seen.update(kwargs)
        return reminders.Sweep(written=0, finished=True)

    monkeypatch.setattr(tasks, "reminder_sweep", sweep)
    monkeypatch.setattr(outbox_tasks, "monotonic", lambda: 100.0)
    tasks.reminder_sweep_task.apply()
    assert seen["deadline"] == 100.0 + 10 * outbox_tasks.BATCH_SHARE_OF_TIME_LIMIT


@pytest.mark.django_db(transaction=True)  # each batch commits, as in a worker
def test_the_soft_time_limit_stops_the_task_cleanly_and_queues_the_next(
    settings, monkeypatch, now, mailoutbox
):
    settings.EMAIL_BACKEND = (
        "tests.scheduling.test_reminder_time_limits.StopsAtTheThird"
    )
    StopsAtTheThird.sent = 0
    bulk_due_sessions(5, now=now)
    queued = []
    monkeypatch.setattr(tasks.reminder_sweep_task, "delay", lambda: queued.append(1))
    assert tasks.reminder_sweep_task.apply().get() == 0
    assert queued == [1]
    statuses = sorted(Email.objects.values_list("status", flat=True))
    assert statuses.count(Email.Status.SENT) == 2
    assert statuses.count(Email.Status.PENDING) == 3
    assert not Email.objects.filter(status=Email.Status.SENDING).exists()
