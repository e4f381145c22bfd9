"""Exactly once under faults, counted at a real SMTP server: a real worker and beat
on Redis and PostgreSQL send the session reminders (and, during the broker outage,
password-reset emails) while the server, the worker or the broker fails. Each fault
loses nothing and sends at most one email twice: the one on the wire."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from outbox.models import Email
from tests.factories import TrainerFactory
from tests.faults.conftest import settled, tally, wait_until, web_broker
from tests.faults.smtp import Faults
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# Generous, for a loaded machine: the tests wait for outcomes, never for speed.
PATIENCE = 120


def due_reminders(count: int) -> int:
    bulk_due_sessions(count, now=timezone.now())
    return count


def assert_exactly_once(numbers: dict) -> None:
    assert numbers["lost"] == 0, numbers
    assert numbers["duplicated"] <= 1, numbers


def test_a_worker_killed_mid_batch_resends_at_most_the_email_on_the_wire(
    smtp_server, start_worker
):
    expected = due_reminders(120)
    # The 50th message, in the second batch, is accepted and then not answered
    # while the worker is killed: it is on the wire, delivered but not marked.
    smtp_server.sink.faults = Faults(delay=0.02, stall={50: 5.0})
    worker = start_worker(soft_time_limit=6, time_limit=8)
    assert smtp_server.wait_for(50, timeout=PATIENCE)
    worker.kill()

    # Every email the server accepted is marked sent, but for the one on the wire.
    delivered = len(smtp_server.sink.unique())
    marked = Email.objects.filter(status=Email.Status.SENT).count()
    assert delivered - marked <= 1
    assert Email.objects.filter(status=Email.Status.SENDING).exists()

    # A new worker takes over the dead one's claims once they are stale.
    start_worker(soft_time_limit=6, time_limit=8)
    assert wait_until(settled(expected), timeout=PATIENCE)
    numbers = tally("worker kill -9 mid-batch", expected=expected, server=smtp_server)
    assert_exactly_once(numbers)


def test_a_slow_server_gets_batches_that_finish_inside_the_soft_limit(
    smtp_server, start_worker
):
    expected = due_reminders(60)
    smtp_server.sink.faults = Faults(delay=0.1)  # a remote relay, 100 ms a message
    worker = start_worker(soft_time_limit=6, time_limit=8)
    assert wait_until(settled(expected), timeout=PATIENCE)
    numbers = tally("slow SMTP (100 ms)", expected=expected, server=smtp_server)
    assert_exactly_once(numbers)
    assert numbers["duplicated"] == 0
    # The soft limit never struck: each sweep stopped at its own deadline, between
    # two messages, giving back (due at once) any it had not started.
    assert "SoftTimeLimitExceeded" not in worker.output()
    assert not Email.objects.filter(last_error__contains="SoftTimeLimit").exists()


def test_a_message_that_outlasts_the_soft_limit_puts_the_rest_back_at_once(
    smtp_server, start_worker
):
    expected = due_reminders(40)
    # The tenth message stalls past the 4 s soft limit; the hard limit is far off,
    # and a claim goes stale only after twice that: whatever is delivered after the
    # stall was put back by the stopped task, not taken over from a stale claim.
    smtp_server.sink.faults = Faults(stall={10: 6.0})
    worker = start_worker(soft_time_limit=4, time_limit=600)
    assert wait_until(settled(expected), timeout=PATIENCE)
    numbers = tally(
        "SMTP stalls past the soft limit", expected=expected, server=smtp_server
    )
    assert_exactly_once(numbers)
    assert "stopped by its time limit" in worker.output()
    assert not Email.objects.filter(status=Email.Status.FAILED).exists()


def test_a_connection_dropped_mid_batch_is_reopened(smtp_server, start_worker):
    expected = due_reminders(30)
    smtp_server.sink.faults = Faults(drop_after={7})
    start_worker()
    assert wait_until(settled(expected), timeout=PATIENCE)
    numbers = tally(
        "connection dropped mid-batch", expected=expected, server=smtp_server
    )
    assert_exactly_once(numbers)
    assert smtp_server.sink.connections >= 2
    assert not Email.objects.filter(status=Email.Status.FAILED).exists()


def test_a_refused_recipient_fails_alone_and_is_not_retried(smtp_server, start_worker):
    expected = due_reminders(30)
    refused = Client.objects.order_by("pk").first().email
    smtp_server.sink.faults = Faults(refuse={refused})
    start_worker()
    assert wait_until(settled(expected), timeout=PATIENCE)
    failed = Email.objects.filter(status=Email.Status.FAILED)
    refused_count = failed.count()
    assert refused_count == 3  # that client's three sessions
    assert set(failed.values_list("to", flat=True)) == {refused}
    assert set(failed.values_list("attempts", flat=True)) == {1}
    numbers = tally(
        "recipient refused (550)",
        expected=expected,
        server=smtp_server,
        failed=refused_count,
    )
    assert_exactly_once(numbers)
    assert numbers["duplicated"] == 0
    assert refused not in smtp_server.sink.recipients.values()


def test_a_broker_outage_loses_nothing(
    smtp_server, start_worker, relay, client, redis_url
):
    trainers = TrainerFactory.create_batch(3)
    worker_broker = relay.url(urlsplit(redis_url).path.lstrip("/") or "0")
    start_worker(broker_url=worker_broker)
    relay.down()
    # The web side queues emails and the beat cannot reach the broker either.
    with web_broker(worker_broker):
        for trainer in trainers:
            response = client.post(reverse("password_reset"), {"email": trainer.email})
            assert response.status_code == 302
    reminders = due_reminders(20)
    expected = reminders + len(trainers)
    assert Email.objects.filter(status=Email.Status.PENDING).count() == len(trainers)
    relay.up()
    assert wait_until(settled(expected), timeout=PATIENCE)
    numbers = tally("broker outage", expected=expected, server=smtp_server)
    assert_exactly_once(numbers)
    assert numbers["duplicated"] == 0
