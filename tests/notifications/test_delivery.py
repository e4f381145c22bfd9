"""A push delivered end to end: queued in the cause's transaction, sent by the task
on commit to a push service on this machine, and decrypted there with the device's
own keys to the payload the service worker shows. The push service's answers: 410
and 404 remove the device, a refusal fails the push, and a push service that is down
gets the push once it is back, once."""

import json
from datetime import timedelta

import http_ece
import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from py_vapid import Vapid

from notifications import services
from notifications.keys import b64decode
from notifications.models import Push, PushSubscription, Topic
from notifications.services import push_queue, push_sweep
from tests.factories import ClientWithLoginFactory, PushFactory
from tests.notifications.conftest import make_device

pytestmark = pytest.mark.django_db


def queue(user_id: int, key: str = "message:1") -> list[Push]:
    with transaction.atomic():
        return push_queue(
            user_id=user_id,
            topic=Topic.MESSAGES,
            key=key,
            title="New message from Sam",
            body="Great depth today — keep the bar over mid-foot.",
            url="/my/messages/",
        )


def decrypt(device, body: bytes) -> dict:
    return json.loads(
        http_ece.decrypt(
            body,
            private_key=device.private_key,
            auth_secret=device.auth,
            version="aes128gcm",
        )
    )


def test_a_push_arrives_encrypted_for_the_device_and_decrypts_to_its_notification(
    vapid, push_service, django_capture_on_commit_callbacks
):
    device = make_device(endpoint=push_service.url("/send/abc"))
    with django_capture_on_commit_callbacks(execute=True):
        (push,) = queue(device.subscription.user_id)
        # Nothing leaves before the cause commits.
        assert push_service.received == []

    (received,) = push_service.received
    assert received.path == "/send/abc"
    assert received.headers["content-encoding"] == "aes128gcm"
    assert int(received.headers["ttl"]) == services.TIME_TO_LIVE
    assert decrypt(device, received.body) == {
        "title": "New message from Sam",
        "body": "Great depth today — keep the bar over mid-foot.",
        "url": "/my/messages/",
        "tag": "message:1",
        "icon": "/static/img/icon-192.png",
    }
    # Signed with the site's VAPID key, for this push service's origin.
    scheme, _, rest = received.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in rest.split(","))
    assert fields["k"] == vapid
    assert Vapid.verify(received.headers["authorization"])
    claims = json.loads(b64decode(fields["t"].split(".")[1]))
    assert claims["aud"] == push_service.url("")
    assert claims["sub"] == "mailto:coach@example.com"
    push.refresh_from_db()
    assert push.status == Push.Status.SENT
    assert push.attempts == 1


def test_a_push_goes_to_every_device_of_the_user_and_to_no_one_else(
    vapid, push_service, django_capture_on_commit_callbacks
):
    phone = make_device(endpoint=push_service.url("/phone"))
    laptop = make_device(
        endpoint=push_service.url("/laptop"), user=phone.subscription.user
    )
    make_device(endpoint=push_service.url("/someone-else"))
    with django_capture_on_commit_callbacks(execute=True):
        queue(phone.subscription.user_id)
    by_path = {r.path: r for r in push_service.received}
    assert set(by_path) == {"/phone", "/laptop"}
    assert decrypt(laptop, by_path["/laptop"].body)["title"] == "New message from Sam"


@pytest.mark.parametrize("status", [410, 404])
def test_a_device_the_push_service_no_longer_knows_is_removed(
    vapid, push_service, django_capture_on_commit_callbacks, status
):
    dead = make_device(endpoint=push_service.url("/gone"))
    live = make_device(endpoint=push_service.url("/kept"), user=dead.subscription.user)
    push_service.by_path["/gone"] = status
    with django_capture_on_commit_callbacks(execute=True):
        queue(dead.subscription.user_id)
    assert {r.path for r in push_service.received} == {"/gone", "/kept"}
    # The dead device and its push are gone; the live one got its push.
    assert list(PushSubscription.objects.all()) == [live.subscription]
    assert Push.objects.get().status == Push.Status.SENT
    # Nothing is left for the sweep to send to the dead device again.
    assert push_sweep(now=timezone.now() + timedelta(days=1)) == 0
    assert len(push_service.received) == 2


def test_a_refused_push_fails_and_keeps_the_device(
    vapid, push_service, django_capture_on_commit_callbacks
):
    device = make_device(endpoint=push_service.url("/send"))
    push_service.status = 400
    with django_capture_on_commit_callbacks(execute=True):
        (push,) = queue(device.subscription.user_id)
    push.refresh_from_db()
    assert push.status == Push.Status.FAILED
    assert "400" in push.last_error
    assert PushSubscription.objects.filter(pk=device.subscription.pk).exists()
    # Failed for good: the sweep never sends it again.
    assert push_sweep(now=timezone.now() + timedelta(days=1)) == 0


@pytest.mark.parametrize("status", [503, 429, 500])
def test_a_push_service_that_fails_gets_the_push_again_later(
    vapid, push_service, django_capture_on_commit_callbacks, status
):
    device = make_device(endpoint=push_service.url("/send"))
    push_service.answers = [status]
    with django_capture_on_commit_callbacks(execute=True):
        (push,) = queue(device.subscription.user_id)
    push.refresh_from_db()
    assert push.status == Push.Status.PENDING
    assert push.attempts == 1
    assert push.retry_at > timezone.now()
    # Not before its time...
    assert push_sweep() == 0
    # ...then once.
    with time_machine.travel(push.retry_at + timedelta(seconds=1), tick=False):
        assert push_sweep() == 1
    with time_machine.travel(push.retry_at + timedelta(hours=1), tick=False):
        assert push_sweep() == 0
    assert len(push_service.received) == 2
    push.refresh_from_db()
    assert push.status == Push.Status.SENT
    assert decrypt(device, push_service.received[-1].body)["tag"] == "message:1"


def test_a_push_service_down_then_up_gets_the_push_once(
    vapid, django_capture_on_commit_callbacks
):
    """Nothing listens at the push service's address (connection refused); once it
    is back, the sweep delivers the push, and a later sweep sends nothing more."""
    from tests.notifications.conftest import PushService, serve

    probe = serve(PushService(port=0))
    port = probe.server_address[1]
    probe.shutdown()
    probe.server_close()
    device = make_device(endpoint=f"http://127.0.0.1:{port}/send")
    with django_capture_on_commit_callbacks(execute=True):
        (push,) = queue(device.subscription.user_id)
    push.refresh_from_db()
    assert push.status == Push.Status.PENDING
    assert "Connection" in push.last_error

    service = PushService(port=port)
    server = serve(service)
    try:
        later = push.retry_at + timedelta(seconds=1)
        with time_machine.travel(later, tick=False):
            assert push_sweep() == 1
        with time_machine.travel(later + timedelta(hours=1), tick=False):
            assert push_sweep() == 0
    finally:
        server.shutdown()
        server.server_close()
    assert len(service.received) == 1
    assert decrypt(device, service.received[0].body)["title"] == "New message from Sam"


def test_a_push_claimed_by_a_worker_that_died_is_sent_by_the_sweep_at_most_once_more(
    vapid, push_service
):
    device = make_device(endpoint=push_service.url("/send"))
    now = timezone.now()
    push = PushFactory(
        subscription=device.subscription,
        status=Push.Status.SENDING,
        claimed_at=now - timedelta(minutes=1),
    )
    # Still within its claim: another worker may be sending it right now.
    assert push_sweep(now=now) == 0
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        assert push_sweep() == 1
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        assert push_sweep() == 0
    assert len(push_service.received) == 1
    push.refresh_from_db()
    assert push.status == Push.Status.SENT


def test_two_workers_racing_for_a_push_send_it_once(vapid, push_service):
    device = make_device(endpoint=push_service.url("/send"))
    push = PushFactory(subscription=device.subscription)
    assert services.push_send_many(push_ids=[push.pk]) == 1
    assert services.push_send_many(push_ids=[push.pk]) == 0
    assert len(push_service.received) == 1


def test_a_broker_outage_leaves_the_push_for_the_sweep(
    vapid, push_service, django_capture_on_commit_callbacks, monkeypatch
):
    from notifications.tasks import push_send_many_task

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    device = make_device(endpoint=push_service.url("/send"))
    monkeypatch.setattr(push_send_many_task, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        (push,) = queue(device.subscription.user_id)
    push.refresh_from_db()
    assert push.status == Push.Status.PENDING
    assert push.retry_at is not None
    monkeypatch.undo()
    assert push_sweep() == 1
    assert len(push_service.received) == 1


def test_no_device_gets_a_push_past_its_deadline(vapid, push_service):
    device = make_device(endpoint=push_service.url("/send"))
    push = PushFactory(subscription=device.subscription)
    assert services.push_send_many(push_ids=[push.pk], deadline=0) == 0
    push.refresh_from_db()
    assert push.status == Push.Status.PENDING
    assert push.attempts == 0
    assert push_service.received == []


def test_a_client_with_login_is_pushed_through_their_user(vapid, push_service):
    client = ClientWithLoginFactory()
    make_device(endpoint=push_service.url("/send"), user=client.user)
    assert len(queue(client.user_id)) == 1
