"""Email scales with workers: two worker processes on one PostgreSQL database and one
Redis share a reminder sweep, both delivering to a real SMTP server at the same time,
and no email goes out twice."""

import itertools

import pytest

from outbox.models import Email
from scheduling.tasks import reminder_sweep_task
from tests.faults.conftest import settled, tally, wait_until, web_broker
from tests.faults.smtp import Faults
from tests.faults.test_delivery import PATIENCE, due_reminders

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_worker_processes_send_one_sweep_at_once_and_nothing_twice(
    smtp_server, start_worker, redis_url
):
    expected = due_reminders(600)  # six batches
    # 10 ms a message: a batch takes a second or more, time for the other worker to
    # claim the next one and send beside it.
    smtp_server.sink.faults = Faults(delay=0.01)
    start_worker(beat=False)
    start_worker(beat=False)
    with web_broker(redis_url):
        reminder_sweep_task.delay()  # one sweep; its batches hand on the rest
    assert wait_until(settled(expected), timeout=PATIENCE)

    numbers = tally("two worker processes", expected=expected, server=smtp_server)
    assert numbers["lost"] == 0, numbers
    assert numbers["duplicated"] == 0, numbers
    assert Email.objects.filter(status=Email.Status.SENT).count() == expected
    senders = smtp_server.sink.senders
    assert len(set(senders)) == 2, set(senders)
    # At the same time, not one batch after the other: the server's messages
    # alternate between the two far more often than there are batches.
    turns = sum(1 for _ in itertools.groupby(senders)) - 1
    assert turns > 50, turns
