"""Each newsletter email through a real Celery worker on Redis (CI runs these)."""

import pytest
from django.urls import reverse

from newsletter.models import Subscriber
from newsletter.services import subscriber_confirm
from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import SubscriberFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def sent(template_key: str) -> Email | None:
    return Email.objects.filter(
        key__startswith=template_key, status=Email.Status.SENT
    ).first()


def test_the_confirmation_link(client, celery_worker, mailoutbox):
    response = client.post(reverse("newsletter:subscribe"), {"email": "a@example.com"})
    assert response.status_code == 302
    assert wait_for(lambda: sent("subscriber-confirm:") and mailoutbox)
    assert "/newsletter/confirm/" in mailoutbox[0].body
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_the_welcome(celery_worker, mailoutbox):
    subscriber = SubscriberFactory()
    subscriber_confirm(subscriber_id=subscriber.pk, nonce=subscriber.confirmation_nonce)
    assert wait_for(lambda: sent("subscriber-welcome:") and mailoutbox)
    assert mailoutbox[0].to == [subscriber.email]
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
