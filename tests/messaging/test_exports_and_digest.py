"""A client's export holds their thread (both sides, and the files); the business
export every thread. Someone who has not read a message gets one digest email."""

import json
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from exchange.archive import MANIFEST, archive_write
from exchange.models import Export
from exchange.services import business_load, export_request
from exchange.services.exports import business_tables, export_path
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


# Loading a business export puts the photos and videos back into storage: a new
# install serves them to the thread's people, with ranges, byte for byte.
def _business_zip(path):
    archive_write(path, kind="business", tables=business_tables())
    return path


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_a_loaded_business_export_serves_its_attachments_on_a_new_install(
    world, client, settings, tmp_path
):
    video = mp4(10_000)
    message = _send(
        world.client_a,
        world.client_a.user,
        "Form check",
        attachment=attachment_clean(video),
    )
    path = _business_zip(tmp_path / "business.zip")
    settings.MEDIA_ROOT = tmp_path / "new-install-media"  # an empty storage

    business_load(path=path, replace=True)

    assert _stored() == {message.attachment.name}
    client.force_login(world.client_a.user)
    url = message.get_attachment_url()
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == video
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == video[100:200]
    client.force_login(world.client_b.user)
    assert client.get(url).status_code == 404


def test_loading_back_into_the_same_install_writes_no_second_copy(
    world, settings, tmp_path
):
    message = _send(
        world.client_a, world.client_a.user, "", attachment=attachment_clean(mp4())
    )
    path = _business_zip(tmp_path / "business.zip")
    before = _stored()

    business_load(path=path, replace=True)

    assert _stored() == before
    assert Message.objects.get(pk=message.pk).attachment.name == message.attachment.name


def test_another_file_by_the_same_name_is_kept_and_the_row_takes_a_free_name(
    world, settings, tmp_path
):
    video = mp4(6000)
    message = _send(
        world.client_a, world.client_a.user, "", attachment=attachment_clean(video)
    )
    path = _business_zip(tmp_path / "business.zip")
    settings.MEDIA_ROOT = tmp_path / "other-media"
    default_storage.save(message.attachment.name, ContentFile(b"someone else's"))

    business_load(path=path, replace=True)

    loaded = Message.objects.get(pk=message.pk)
    assert loaded.attachment.name != message.attachment.name
    with default_storage.open(message.attachment.name) as other:
        assert other.read() == b"someone else's"
    with default_storage.open(loaded.attachment.name) as restored:
        assert restored.read() == video


def test_a_load_that_fails_takes_back_the_files_it_wrote(world, settings, tmp_path):
    _send(world.client_a, world.client_a.user, "", attachment=attachment_clean(mp4()))
    good = _business_zip(tmp_path / "business.zip")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.namelist():
            data = source.read(entry)
            if entry == MANIFEST:
                manifest = json.loads(data)
                manifest["tables"]["messaging.message"] += 1  # the last table's
                data = json.dumps(manifest).encode()
            target.writestr(entry, data)
    settings.MEDIA_ROOT = tmp_path / "new-install-media"

    with pytest.raises(ValidationError, match=r"messaging\.message is incomplete"):
        business_load(path=broken, replace=True)

    assert _stored() == set()
    assert Message.objects.count() == 1  # the database as it was
