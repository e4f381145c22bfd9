from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.services import (
    RESEND_AFTER,
    subscriber_confirm,
    subscriber_subscribe,
    subscriber_unsubscribe,
)
from newsletter.tokens import unsubscribe_url
from outbox.models import Email
from tests.factories import ConfirmedSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

Status = Subscriber.Status


def emails(template_key: str) -> list[Email]:
    return list(Email.objects.filter(key__startswith=template_key).order_by("pk"))


def test_a_new_address_is_pending_and_sent_a_confirmation_link():
    subscriber = subscriber_subscribe(
        email=" Ann@Example.com ", first_name="Ann", source="home"
    )
    assert subscriber.status == Status.PENDING
    assert subscriber.email == "ann@example.com"
    assert subscriber.source == "home"
    [email] = emails("subscriber-confirm:")
    assert email.to == "ann@example.com"
    assert "/newsletter/confirm/" in email.body_text
    assert "/newsletter/confirm/" in email.body_html


def test_every_email_to_a_subscriber_can_unsubscribe_in_one_click():
    subscriber = subscriber_subscribe(email="ann@example.com")
    subscriber_confirm(subscriber_id=subscriber.pk, nonce=subscriber.confirmation_nonce)
    url = unsubscribe_url(subscriber=subscriber)
    for email in Email.objects.all():
        assert email.headers == {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        assert url in email.body_text
        assert url in email.body_html
    assert Email.objects.count() == 2


def test_signing_up_again_while_pending_resends_at_most_every_few_minutes():
    now = timezone.now()
    subscriber_subscribe(email="ann@example.com", now=now)
    subscriber_subscribe(email="ANN@example.com", now=now + timedelta(seconds=5))
    assert len(emails("subscriber-confirm:")) == 1
    subscriber_subscribe(email="ann@example.com", now=now + RESEND_AFTER)
    assert len(emails("subscriber-confirm:")) == 2
    assert Subscriber.objects.count() == 1


def test_a_confirmed_address_signing_up_again_changes_nothing():
    subscriber = ConfirmedSubscriberFactory(first_name="Ann")
    subscriber_subscribe(email=subscriber.email, first_name="Mallory")
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    assert subscriber.first_name == "Ann"
    assert Email.objects.count() == 0


def test_confirming_sends_a_welcome_once_and_the_link_works_once():
    subscriber = SubscriberFactory()
    nonce = subscriber.confirmation_nonce
    assert subscriber_confirm(subscriber_id=subscriber.pk, nonce=nonce) is not None
    assert subscriber_confirm(subscriber_id=subscriber.pk, nonce=nonce) is None
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.confirmation_nonce == ""
    [welcome] = emails("subscriber-welcome:")
    assert "/consultation/" in welcome.body_text


def test_a_wrong_nonce_or_a_missing_subscriber_confirms_nothing():
    subscriber = SubscriberFactory()
    assert subscriber_confirm(subscriber_id=subscriber.pk, nonce="guess") is None
    assert subscriber_confirm(subscriber_id=subscriber.pk + 1000, nonce="x") is None
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING
    assert Email.objects.count() == 0


def test_unsubscribing_is_idempotent_and_kills_a_pending_link():
    subscriber = SubscriberFactory()
    nonce = subscriber.confirmation_nonce
    subscriber_unsubscribe(subscriber_id=subscriber.pk)
    first = Subscriber.objects.get().unsubscribed_at
    subscriber_unsubscribe(subscriber_id=subscriber.pk)
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at == first
    assert subscriber_confirm(subscriber_id=subscriber.pk, nonce=nonce) is None
    assert subscriber_unsubscribe(subscriber_id=subscriber.pk + 1000) is None


def test_an_unsubscribed_address_signing_up_again_gets_a_new_link():
    subscriber = SubscriberFactory(
        status=Status.UNSUBSCRIBED, confirmation_nonce="", source="home"
    )
    subscriber_subscribe(email=subscriber.email, source="hinge")
    subscriber.refresh_from_db()
    assert subscriber.status == Status.PENDING
    assert subscriber.confirmation_nonce
    assert subscriber.source == "hinge"
    assert len(emails("subscriber-confirm:")) == 1


def test_two_sign_ups_racing_for_one_address_make_one_subscriber(monkeypatch):
    # The second finds no row (the first has not committed yet), then loses the INSERT.
    from newsletter import services

    first = SubscriberFactory(email="ann@example.com")
    real_locked = services._locked
    calls = []

    def locked_late(email):
        calls.append(email)
        return None if len(calls) == 1 else real_locked(email)

    monkeypatch.setattr(services, "_locked", locked_late)
    subscriber = subscriber_subscribe(email="ann@example.com")
    assert subscriber == first
    assert Subscriber.objects.count() == 1


def test_an_invalid_email_is_refused():
    with pytest.raises(ValidationError):
        subscriber_subscribe(email="not-an-email")
    assert Subscriber.objects.count() == 0
