"""The sending rate cap (OUTBOX_RATE): one bucket per provider, shared by every
worker process through Redis, which a batch waits on without overrunning its
deadline."""

import itertools
import multiprocessing
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from outbox import rate, services
from outbox.checks import check_outbox_rate
from outbox.models import Email
from outbox.services import (
    DEADLINE_REACHED,
    RATE_UNREADABLE,
    email_queue,
    email_send,
    email_send_batch,
)
from tests.outbox.test_delivery_records import drafts

PORTS = itertools.count(20000)


@pytest.fixture
def provider(settings):
    """A provider of this test's own, so no other test has taken its slots."""
    settings.EMAIL_PORT = next(PORTS) + int(time.time() * 1000) % 10000
    return settings


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("14/s", 1 / 14), ("600/m", 0.1), ("10/15m", 90.0), ("2/h", 1800.0)],
)
def test_a_rate_is_the_time_between_two_emails(value, seconds):
    assert rate.interval(value) == pytest.approx(seconds)


@pytest.mark.parametrize(("value", "errors"), [("", 0), ("14/s", 0), ("fast", 1)])
def test_a_malformed_rate_stops_start_up(settings, value, errors):
    settings.OUTBOX_RATE = value
    found = check_outbox_rate(None)
    assert len(found) == errors
    assert all(error.id == "outbox.E001" for error in found)


def test_no_rate_is_no_cap(settings):
    settings.OUTBOX_RATE = ""
    assert rate.interval() is None
    assert rate.wait(deadline=0.0) is True


def test_without_redis_the_slots_are_spaced_in_the_process(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(rate.time, "monotonic", lambda: clock[0])
    key = f"local-{time.time()}"
    assert rate._take_local(key, 0.5) == 0
    assert rate._take_local(key, 0.5) == pytest.approx(0.5)
    clock[0] += 0.3
    assert rate._take_local(key, 0.5) == pytest.approx(0.2)
    clock[0] += 0.2
    assert rate._take_local(key, 0.5) == 0


def _take_slots(count: int, results) -> None:
    for _ in range(count):
        rate.wait(deadline=None)
    results.put(count)


def test_two_processes_share_one_provider_s_rate(redis_url, provider):
    if not isinstance(caches["default"], RedisCache):  # pragma: no cover
        pytest.fail("the default cache is not Redis with REDIS_URL set")
    provider.OUTBOX_RATE = "20/s"  # one email every 50 ms
    processes = multiprocessing.get_context("fork")
    results = processes.Queue()
    workers = [
        processes.Process(target=_take_slots, args=(10, results)) for _ in range(2)
    ]
    start = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    elapsed = time.monotonic() - start
    assert [results.get(timeout=5) for _ in workers] == [10, 10]
    # Twenty slots, one every 50 ms whoever takes them: 0.95 s at the least. Each
    # process with a bucket of its own would be done in half that.
    assert elapsed >= 0.9


@pytest.mark.django_db
def test_a_batch_gives_back_what_the_rate_would_send_after_its_deadline(
    provider, mailoutbox
):
    provider.OUTBOX_RATE = "1/h"
    emails = services.email_queue_many(drafts=drafts(3), now=timezone.now())
    sent = email_send_batch(emails=emails, deadline=time.monotonic() + 5)
    assert sent == len(mailoutbox) == 1
    left = Email.objects.exclude(status=Email.Status.SENT)
    assert {(e.status, e.attempts, e.last_error) for e in left} == {
        (Email.Status.PENDING, 0, DEADLINE_REACHED)
    }
    assert left.count() == 2


@pytest.mark.django_db
def test_a_rate_that_cannot_be_read_sends_nothing_and_gives_the_batch_back(
    provider, monkeypatch, mailoutbox
):
    provider.OUTBOX_RATE = "10/s"

    def down(key, seconds):
        raise rate.RateUnavailable("Redis is down")

    monkeypatch.setattr(rate, "take", down)
    emails = services.email_queue_many(drafts=drafts(2), now=timezone.now())
    assert email_send_batch(emails=emails) == 0
    assert mailoutbox == []
    assert set(Email.objects.values_list("status", "last_error")) == {
        (Email.Status.PENDING, RATE_UNREADABLE)
    }


@pytest.mark.django_db
def test_one_email_waits_for_its_turn_and_without_the_rate_is_put_back(
    provider, monkeypatch, mailoutbox
):
    provider.OUTBOX_RATE = "10/s"
    turns = []
    monkeypatch.setattr(rate, "take", lambda key, seconds: turns.append(key) or 0)
    email = email_queue(
        key="event:1",
        to="someone@example.com",
        template="password_reset",
        context={"user": None, "url": "http://testserver/x/"},
    )
    assert email_send(email_id=email.pk) == Email.Status.SENT
    assert turns == [rate.provider()]

    def down(key, seconds):
        raise rate.RateUnavailable("Redis is down")

    monkeypatch.setattr(rate, "take", down)
    other = email_queue(
        key="event:2",
        to="someone@example.com",
        template="password_reset",
        context={"user": None, "url": "http://testserver/y/"},
    )
    assert email_send(email_id=other.pk) == Email.Status.PENDING
    other.refresh_from_db()
    # Not an attempt, and not failed: due again at once.
    assert (other.status, other.attempts, other.last_error) == (
        Email.Status.PENDING,
        0,
        RATE_UNREADABLE,
    )
    assert len(mailoutbox) == 1
