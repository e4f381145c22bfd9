import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from trainer.outbox import services
from trainer.outbox.models import Email
from trainer.outbox.services import (
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
    from trainer.outbox import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.email_send_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    assert Email.objects.get().status == Email.Status.PENDING
    monkeypatch.undo()

    # Too fresh for the sweep: it might still be on its way.
    assert email_sweep(now=email.created_at + timedelta(seconds=5)) == 0
    assert email_sweep(now=timezone.now() + timedelta(minutes=1)) == 1
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == Email.Status.SENT


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
    later = now + services.CLAIM_TIMEOUT + timedelta(seconds=1)
    assert email_send(email_id=email.pk, now=later) == Email.Status.SENT
    assert len(mailoutbox) == 1
