"""The email path through a real Celery worker on Redis (CI runs it)."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from tests.factories import TrainerFactory
from trainer.celery import app
from trainer.outbox.models import Email

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(redis_url, settings):
    """A real worker thread consuming from Redis, with tasks no longer eager."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
        "broker_transport_options": app.conf.broker_transport_options,
    }
    app.conf.update(
        broker_url=redis_url,
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": 3600},
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.update(previous)


def wait_for(predicate, timeout=20.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_password_reset_email_is_delivered_by_the_worker(
    client, celery_worker, mailoutbox
):
    TrainerFactory(email="chris@example.com")
    response = client.post(reverse("password_reset"), {"email": "chris@example.com"})
    assert response.status_code == 302

    assert wait_for(lambda: len(mailoutbox) == 1), "the worker sent no email"
    assert re.search(r"/accounts/reset/\S+/", mailoutbox[0].body)
    assert Email.objects.get().status == Email.Status.SENT
