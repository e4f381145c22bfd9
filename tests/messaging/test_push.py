"""A message or a comment pushes to the other side's devices, with the message, in
its transaction; a client never invited has no device to tell."""

import uuid

import pytest
from django.urls import reverse

from messaging.services import message_send
from notifications.keys import keys_generate
from notifications.models import Push, Topic
from tests.factories import (
    ClientFactory,
    ClientWithLoginFactory,
    PushSubscriptionFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def push_on(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = keys_generate()
    settings.VAPID_SUBJECT = "mailto:coach@example.com"


def test_a_clients_message_pushes_to_the_trainers_devices_once():
    client = ClientWithLoginFactory(first_name="Ada", last_name="Ng")
    device = PushSubscriptionFactory(user=client.trainer)
    PushSubscriptionFactory(user=client.user)  # the sender's own phone: nothing
    uid = uuid.uuid4()
    message, _ = message_send(
        client=client, sender=client.user, body="My back felt tight", uid=uid
    )
    message_send(client=client, sender=client.user, body="again", uid=uid)  # replay
    push = Push.objects.get()
    assert push.subscription == device
    assert push.topic == Topic.MESSAGES
    assert push.title == "Ada Ng wrote"
    assert push.body == "My back felt tight"
    assert push.url == message.thread.get_absolute_url()


def test_a_trainers_comment_on_a_workout_pushes_to_the_client_as_a_comment():
    client = ClientWithLoginFactory()
    device = PushSubscriptionFactory(user=client.user)
    workout = WorkoutFactory(client=client)
    message_send(
        client=client,
        sender=client.trainer,
        body="Great depth today",
        uid=uuid.uuid4(),
        workout_id=workout.pk,
    )
    push = Push.objects.get()
    assert push.subscription == device
    assert push.topic == Topic.COMMENTS
    assert push.url == reverse("messaging:my_thread")


def test_a_client_never_invited_gets_no_push_and_the_message_is_kept():
    client = ClientFactory(user=None)
    _, created = message_send(
        client=client, sender=client.trainer, body="Welcome", uid=uuid.uuid4()
    )
    assert created
    assert not Push.objects.exists()
