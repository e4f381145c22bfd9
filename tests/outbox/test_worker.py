"""The email path through a real Celery worker on Redis (CI runs it)."""

import re

import pytest
from django.urls import reverse

from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import TrainerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_password_reset_email_is_delivered_by_the_worker(
    client, celery_worker, mailoutbox
):
    TrainerFactory(email="chris@example.com")
    response = client.post(reverse("password_reset"), {"email": "chris@example.com"})
    assert response.status_code == 302

    assert wait_for(lambda: len(mailoutbox) == 1), "the worker sent no email"
    assert re.search(r"/accounts/reset/\S+/", mailoutbox[0].body)
    assert Email.objects.get().status == Email.Status.SENT
