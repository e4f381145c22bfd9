"""A client's export holds their thread (both sides, and the files); the business
export every thread. Someone who has not read a message gets one digest email."""

import json
import uuid
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from exchange.models import Export
from exchange.services import export_request
from exchange.services.exports import export_path
from messaging.attachments import attachment_clean
from messaging.models import Message, Thread
from messaging.services import digests_send, message_send, thread_read
from messaging.tasks import digest_sweep_task
from tests.factories import ClientWithLoginFactory
from tests.messaging.conftest import mp4

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _export_root(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"


def _send(client, sender, body="Hello", **extra):
    return message_send(
        client=client, sender=sender, body=body, uid=uuid.uuid4(), **extra
    )[0]


def test_a_clients_export_holds_their_thread_and_its_files(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    video = mp4(5000)
    mine = _send(
        world.client_a,
        world.client_a.user,
        "Form check",
        attachment=attachment_clean(video),
    )
    _send(world.client_a, world.trainer_a, "Knees out")
    _send(world.client_b, world.client_b.user, "Not in A's export")
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(requested_by=world.trainer_a, client=world.client_a)
    export.refresh_from_db()
    assert export.status == Export.Status.READY
    with zipfile.ZipFile(export_path(export)) as archive:
        rows = json.loads(archive.read("messaging.message.json"))
        assert sorted(r["fields"]["body"] for r in rows) == ["Form check", "Knees out"]
        threads = json.loads(archive.read("messaging.thread.json"))
        assert [t["fields"]["client"] for t in threads] == [world.client_a.pk]
        name = f"files/messaging.message/{mine.pk}.attachment.mp4"
        assert archive.read(name) == video
        assert name in archive.read("messaging.message.csv").decode()


def test_the_business_export_holds_every_thread(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    _send(world.client_a, world.client_a.user, "A")
    _send(world.client_b, world.client_b.user, "B")
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(requested_by=world.admin)
    export.refresh_from_db()
    with zipfile.ZipFile(export_path(export)) as archive:
        rows = json.loads(archive.read("messaging.message.json"))
    assert sorted(r["fields"]["body"] for r in rows) == ["A", "B"]


def test_one_digest_for_what_is_unread_past_the_delay_and_none_again(
    world, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MESSAGING_DIGEST_AFTER_MINUTES = 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _send(world.client_a, world.trainer_a, "Read by the client below")
    with time_machine.travel(start + timedelta(seconds=1), tick=False):
        _send(world.client_a, world.client_a.user, "Set 3 hurt")
        _send(world.client_a, world.client_a.user, "Should I stop?")
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert digests_send() == 0
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        thread_read(thread=Thread.objects.get(), user=world.client_a.user)
        with django_capture_on_commit_callbacks(execute=True):
            assert digest_sweep_task.delay().get() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send() == 0
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [world.trainer_a.email]
    assert "2 unread messages" in email.subject
    assert "Set 3 hurt" in email.body
    assert "Should I stop?" in email.body
    assert "Read by the client" not in email.body


def test_no_digest_for_what_was_read_in_time(world, settings, mailoutbox):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _send(world.client_a, world.client_a.user, "Hello")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        thread_read(thread=Thread.objects.get(), user=world.trainer_a)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert digests_send() == 0
    assert not Message.objects.exclude(digested_at=None).exists()


def test_a_client_without_login_gets_no_digest(world, mailoutbox):
    client = ClientWithLoginFactory(trainer=world.trainer_a, user=None)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _send(client, world.trainer_a, "Hello")
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert digests_send() == 0
