"""The push path through a real Celery worker on Redis (CI runs it): queued with its
cause, dispatched on commit, delivered and decrypted at a push service on this
machine; a push whose first try met a push service that was down goes out once from
the beat sweep's task."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction

from notifications.models import Push, Topic
from notifications.services import push_queue
from notifications.tasks import push_sweep_task
from tests.conftest import wait_for
from tests.notifications.conftest import make_device
from tests.notifications.test_delivery import decrypt

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_push_is_delivered_by_the_worker(vapid, push_service, celery_worker):
    device = make_device(endpoint=push_service.url("/send"))
    with transaction.atomic():
        push_queue(
            user_id=device.subscription.user_id,
            topic=Topic.COMMENTS,
            key="comment:7",
            title="Sam commented on your workout",
            body="Great depth on set 3.",
            url="/my/workouts/",
        )
    assert wait_for(lambda: push_service.received), "the worker sent no push"
    assert wait_for(lambda: Push.objects.filter(status=Push.Status.SENT).exists()), (
        "the push was not marked sent"
    )
    payload = decrypt(device, push_service.received[0].body)
    assert payload["title"] == "Sam commented on your workout"
    assert len(push_service.received) == 1


def test_the_sweep_task_sends_a_push_that_failed_once_and_only_once(
    vapid, push_service, celery_worker
):
    device = make_device(endpoint=push_service.url("/send"))
    push_service.answers = [503]
    with transaction.atomic():
        (push,) = push_queue(
            user_id=device.subscription.user_id,
            topic=Topic.MESSAGES,
            key="message:9",
            title="New message",
        )
    assert wait_for(lambda: len(push_service.received) == 1)
    assert wait_for(
        lambda: Push.objects.filter(pk=push.pk, attempts=1, status="pending").exists()
    )
    push.refresh_from_db()
    # Beat's sweep, once the retry is due: the push goes out once.
    with time_machine.travel(push.retry_at + timedelta(seconds=1)):
        push_sweep_task.delay()
        assert wait_for(lambda: Push.objects.get().status == Push.Status.SENT)
    assert len(push_service.received) == 2
