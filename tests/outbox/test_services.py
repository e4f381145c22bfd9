import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox import services
from outbox.models import Email
from outbox.services import (
    MAX_ATTEMPTS,
    email_queue,
    email_send,
    email_sweep,
)

pytestmark = pytest.mark.django_db


def queue(key="event:1", **kwargs):
    return email_queue(
        key=key,
        to="someone@example.com",
        template="password_reset",
        context={"user": None, "url": "http://testserver/x/"},
        **kwargs,
    )


def test_an_email_is_sent_once_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = queue(headers={"List-Unsubscribe": "<http://testserver/u/>"})
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == "<http://testserver/u/>"
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_the_same_event_queues_one_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue()
    assert first.pk == second.pk
    assert Email.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_sent_email_is_never_sent_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert email_send(email_id=email.pk) is None
    assert len(mailoutbox) == 1


def test_a_rolled_back_event_sends_nothing(mailoutbox):
    from django.db import transaction

    def failing_event():
        with transaction.atomic():
            queue()
            raise RuntimeError("the event failed")

    with pytest.raises(RuntimeError):
        failing_event()
    assert Email.objects.count() == 0
    assert mailoutbox == []


def test_broker_down_keeps_the_email_for_the_sweep(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from outbox import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.email_send_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert Email.objects.get().status == Email.Status.PENDING
    monkeypatch.undo()

    # The dispatch failed, so nothing is on its way: the next sweep takes it.
    assert email_sweep(now=email.created_at + timedelta(seconds=5)) == 1
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == Email.Status.SENT


def test_a_fresh_email_is_left_to_its_own_dispatch_for_a_while(mailoutbox):
    email = queue()  # its dispatch waits for a commit that never comes here
    assert email_sweep(now=email.created_at + timedelta(seconds=5)) == 0
    assert email_sweep(now=email.created_at + timedelta(seconds=31)) == 1
    assert len(mailoutbox) == 1


class FlakySMTP(LocmemBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakySMTP.failures:
            FlakySMTP.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection dropped")
        return super().send_messages(messages)


def test_a_transient_error_is_retried_with_backoff(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = 1
    email = queue()
    now = timezone.now()
    assert email_send(email_id=email.pk, now=now) == Email.Status.PENDING
    email.refresh_from_db()
    assert email.retry_at > now
    assert "connection dropped" in email.last_error
    # Not before its time, then once.
    assert email_send(email_id=email.pk, now=now) is None
    assert email_send(email_id=email.pk, now=email.retry_at) == Email.Status.SENT
    assert len(mailoutbox) == 1


def test_after_the_last_attempt_the_email_is_marked_failed(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = MAX_ATTEMPTS
    email = queue()
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        status = email_send(email_id=email.pk, now=now)
        now = Email.objects.get(pk=email.pk).retry_at
    assert status == Email.Status.FAILED
    assert email_send(email_id=email.pk, now=now + timedelta(days=1)) is None
    assert mailoutbox == []


def test_a_permanent_error_fails_at_once(settings, monkeypatch, mailoutbox):
    email = queue()

    def refused(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"someone@example.com": (550, b"no")})

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", refused)
    assert email_send(email_id=email.pk) == Email.Status.FAILED
    assert Email.objects.get().attempts == 1


def test_an_email_abandoned_by_a_dead_worker_is_claimed_again(mailoutbox):
    email = queue()
    now = timezone.now()
    assert services.email_claim(email_id=email.pk, now=now)
    # Another worker cannot take it while the claim is fresh...
    assert email_send(email_id=email.pk, now=now + timedelta(minutes=1)) is None
    # ...but can once the claim is stale.
    later = now + services.claim_timeout() + timedelta(seconds=1)
    assert email_send(email_id=email.pk, now=later) == Email.Status.SENT
    assert len(mailoutbox) == 1


# --- Batches ------------------------------------------------------------------------


def drafts(count, prefix="batch"):
    return [
        services.EmailDraft(
            key=f"{prefix}:{n}",
            to=f"person{n}@example.com",
            template="password_reset",
            context={"user": None, "url": f"http://testserver/{n}/"},
        )
        for n in range(count)
    ]


class CountingBackend(LocmemBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


def test_a_batch_is_written_claimed_and_sent_over_one_connection(
    settings, mailoutbox, django_assert_num_queries
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.CountingBackend"
    CountingBackend.opened = 0
    now = timezone.now()
    emails = services.email_queue_many(drafts=drafts(3), now=now)
    assert {e.status for e in Email.objects.all()} == {Email.Status.SENDING}
    assert mailoutbox == []
    # Each is marked sent as the server accepts it: a crash resends at most one.
    with django_assert_num_queries(3):
        assert services.email_send_batch(emails=emails, now=now) == 3
    assert CountingBackend.opened == 1
    assert [m.to for m in mailoutbox] == [[f"person{n}@example.com"] for n in range(3)]
    assert set(Email.objects.values_list("status", "attempts")) == {
        (Email.Status.SENT, 1)
    }


@time_machine.travel("2027-03-28T00:59:30+00:00", tick=False)
def test_marking_an_email_sent_stamps_that_email_alone_at_the_instant_given():
    now = timezone.now()
    first, second = services.email_queue_many(drafts=drafts(2), now=now)
    accepted = now + timedelta(seconds=1, microseconds=250)
    services._email_mark_sent(email=first, now=accepted)
    services._email_mark_sent(email=first, now=accepted)  # a second stamp counts too
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts) == (Email.Status.SENT, 2)
    assert first.sent_at == first.updated_at == accepted
    assert (second.status, second.attempts, second.sent_at) == (
        Email.Status.SENDING,
        0,
        None,
    )


def test_a_batch_with_a_key_already_sent_writes_nothing(mailoutbox):
    queue(key="batch:1")
    with pytest.raises(IntegrityError), transaction.atomic():
        services.email_queue_many(drafts=drafts(3), now=timezone.now())
    assert Email.objects.count() == 1


class DropsTheSecond(LocmemBackend):
    def send_messages(self, messages):
        if messages[0].to == ["person1@example.com"]:
            raise smtplib.SMTPServerDisconnected("connection dropped")
        return super().send_messages(messages)


def test_a_transient_error_puts_the_rest_of_the_batch_back_for_the_sweep(
    settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.DropsTheSecond"
    now = timezone.now()
    emails = services.email_queue_many(drafts=drafts(3), now=now)
    assert services.email_send_batch(emails=emails, now=now) == 1
    rows = {e.to: e for e in Email.objects.all()}
    assert rows["person0@example.com"].status == Email.Status.SENT
    for to in ["person1@example.com", "person2@example.com"]:
        assert rows[to].status == Email.Status.PENDING
        assert rows[to].retry_at > now
        assert "connection dropped" in rows[to].last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for email in rows.values():
        email_send(email_id=email.pk, now=email.retry_at or now)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person0@example.com",
        "person1@example.com",
        "person2@example.com",
    ]


def test_a_batch_its_writer_never_sent_is_taken_over_by_the_sweep(mailoutbox):
    now = timezone.now()
    services.email_queue_many(drafts=drafts(2), now=now - services.claim_timeout())
    Email.objects.update(created_at=now - services.claim_timeout())
    assert email_sweep(now=now) == 0  # the claim is still fresh
    assert email_sweep(now=now + timedelta(seconds=1)) == 2
    assert len(mailoutbox) == 2


class Unreachable(LocmemBackend):
    def open(self):
        raise ConnectionRefusedError("mail server down")


def test_a_batch_whose_connection_fails_to_open_waits_for_the_sweep(
    settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.Unreachable"
    now = timezone.now()
    emails = services.email_queue_many(drafts=drafts(2), now=now)
    assert services.email_send_batch(emails=emails, now=now) == 0
    assert set(Email.objects.values_list("status", "attempts")) == {
        (Email.Status.PENDING, 1)
    }
    assert mailoutbox == []
