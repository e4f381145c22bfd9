"""The digest email through a real Celery worker on Redis (CI runs it): beat's sweep
task, run by the worker, writes one email through the outbox for the messages left
unread past the delay, which the outbox's task then sends; none for what was read,
and a message already in a digest is never in another."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.services import message_send, thread_read
from messaging.tasks import digest_sweep_task
from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import ClientWithLoginFactory, TrainerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _sent_hours_ago(client, sender, body, hours=2):
    message, _ = message_send(client=client, sender=sender, body=body, uid=uuid.uuid4())
    type(message).objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )
    return message


def _sent() -> int:
    return Email.objects.filter(status=Email.Status.SENT).count()


def test_an_unread_message_makes_one_digest_email_and_a_read_one_none(
    celery_worker, mailoutbox, settings
):
    settings.MESSAGING_DIGEST_AFTER_MINUTES = 60
    trainer = TrainerFactory(first_name="Sam")
    alex = ClientWithLoginFactory(trainer=trainer, email="alex@example.com")
    robin = ClientWithLoginFactory(trainer=trainer, email="robin@example.com")
    _sent_hours_ago(alex, trainer, "Knees out on the way down")
    read = _sent_hours_ago(robin, trainer, "Read in time")
    thread_read(thread=read.thread, user=robin.user)

    digest_sweep_task.delay()
    assert wait_for(lambda: len(mailoutbox) == 1), "no digest was sent"
    assert wait_for(lambda: _sent() == 1)
    (digest,) = mailoutbox
    assert digest.to == ["alex@example.com"]
    assert "Knees out on the way down" in digest.body
    assert "Read in time" not in digest.body

    # The next sweep finds only what is new since: one more email, naming only that.
    _sent_hours_ago(alex, trainer, "And keep the chest up")
    digest_sweep_task.delay()
    assert wait_for(lambda: len(mailoutbox) == 2), "the second digest never came"
    assert wait_for(lambda: _sent() == 2)
    second = mailoutbox[1]
    assert second.to == ["alex@example.com"]
    assert "And keep the chest up" in second.body
    assert "Knees out" not in second.body
    assert Email.objects.count() == 2
    assert not any("robin@example.com" in m.to for m in mailoutbox)
