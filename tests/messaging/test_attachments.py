"""Photos and videos: checked by content, served only to the thread's two people
and the owner, with range requests, within the quota, kept for a set time."""

import io
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from messaging.attachments import NOT_TAKEN, QUOTA_FULL, VIDEO_TOO_BIG, attachment_clean
from messaging.models import Message
from messaging.ranges import byte_range
from messaging.services import attachments_expire, message_send
from tests.factories import ClientWithLoginFactory
from tests.messaging.conftest import jpeg_with_location, login, mp4, new_uid

pytestmark = pytest.mark.django_db

MY_THREAD = reverse("messaging:my_thread")


def _upload(client, data: bytes, name: str, body: str = ""):
    return client.post(
        MY_THREAD,
        {
            "uid": new_uid(),
            "body": body,
            "attachment": SimpleUploadedFile(name, data, "application/octet-stream"),
        },
    )


def test_a_photo_is_re_encoded_without_its_location(client, world):
    login(client, world.client_a.user)
    original = jpeg_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    assert _upload(client, original, "IMG_0001.JPG").status_code == 302
    message = Message.objects.get()
    assert message.kind == "photo"
    assert message.attachment_type == "image/jpeg"
    assert "IMG_0001" not in message.attachment.name
    served = client.get(message.get_attachment_url())
    assert served.status_code == 200
    data = b"".join(served.streaming_content)
    kept = Image.open(io.BytesIO(data))
    assert not kept.getexif()
    assert served["Content-Type"] == "image/jpeg"
    assert served["Accept-Ranges"] == "bytes"


def test_a_video_is_taken_by_its_signature_and_served_in_ranges(client, world):
    login(client, world.client_a.user)
    video = mp4(10_000)
    assert _upload(client, video, "squat.txt").status_code == 302
    message = Message.objects.get()
    assert (message.kind, message.attachment_type) == ("video", "video/mp4")
    url = message.get_attachment_url()

    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 100-199/10000"
    assert b"".join(part.streaming_content) == video[100:200]

    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert b"".join(tail.streaming_content) == video[-50:]
    open_ended = client.get(url, HTTP_RANGE="bytes=9990-")
    assert open_ended["Content-Range"] == "bytes 9990-9999/10000"
    past = client.get(url, HTTP_RANGE="bytes=20000-")
    assert past.status_code == 416
    assert past["Content-Range"] == "bytes */10000"
    whole = client.get(url, HTTP_RANGE="bytes=a-b")
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == video


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=5-", (5, 9)),
        ("bytes=5-100", (5, 9)),
        ("bytes=-3", (7, 9)),
        ("bytes=-0", False),
        ("bytes=10-", False),
        ("bytes=4-2", None),
        ("bytes=0-1,3-4", None),
        ("items=0-1", None),
        ("", None),
        ("bytes=" + "9" * 40 + "-", False),
    ],
)
def test_byte_ranges(header, expected):
    assert byte_range(header, 10) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7 not a video",
        b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"short",
    ],
    ids=["html", "pdf", "svg", "tiny"],
)
def test_what_is_neither_a_photo_nor_a_video_is_refused(client, world, data):
    login(client, world.client_a.user)
    response = _upload(client, data, "clip.mp4", body="Look")
    assert response.status_code == 200
    assert NOT_TAKEN in response.content.decode()
    assert not Message.objects.exists()


def test_a_video_over_the_limit_is_refused_saying_the_limit(client, world, settings):
    settings.MESSAGING_VIDEO_MAX_MB = 1
    login(client, world.client_a.user)
    response = _upload(client, mp4(1024 * 1024 + 10), "big.mp4")
    said = VIDEO_TOO_BIG.format(limit=1, size=1.0)
    assert said in response.content.decode()
    assert not Message.objects.exists()


def test_the_business_quota_refuses_what_would_pass_it(world, settings):
    settings.MESSAGING_STORAGE_QUOTA_MB = 1
    message_send(
        client=world.client_a,
        sender=world.client_a.user,
        body="",
        uid=uuid.uuid4(),
        attachment=attachment_clean(mp4(700_000)),
    )
    with pytest.raises(ValidationError) as refused:
        message_send(
            client=world.client_a,
            sender=world.client_a.user,
            body="",
            uid=uuid.uuid4(),
            attachment=attachment_clean(mp4(700_000)),
        )
    assert QUOTA_FULL.format(limit=1) in str(refused.value)
    assert Message.objects.count() == 1


def test_only_the_threads_two_people_and_the_owner_open_an_attachment(client, world):
    message, _ = message_send(
        client=world.client_a,
        sender=world.client_a.user,
        body="",
        uid=uuid.uuid4(),
        attachment=attachment_clean(mp4()),
    )
    url = message.get_attachment_url()
    assert client.get(url).status_code == 302  # to log in
    for outsider in (world.trainer_b, world.client_b.user):
        login(client, outsider)
        assert client.get(url).status_code == 404
    other_client = ClientWithLoginFactory(trainer=world.trainer_a)
    login(client, other_client.user)
    assert client.get(url).status_code == 404
    for insider in (world.client_a.user, world.trainer_a, world.admin):
        login(client, insider)
        assert client.get(url).status_code == 200


def test_a_deleted_message_takes_its_file_along(
    client, world, django_capture_on_commit_callbacks
):
    login(client, world.client_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, mp4(), "v.mp4")
    message = Message.objects.get()
    storage, name = message.attachment.storage, message.attachment.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:message_delete", args=[message.pk]))
    assert not storage.exists(name)
    assert client.get(message.get_attachment_url()).status_code == 404


def test_attachments_past_their_keeping_time_are_deleted(
    world, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_ATTACHMENT_KEEP_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old, _ = message_send(
            client=world.client_a,
            sender=world.client_a.user,
            body="Old form check",
            uid=uuid.uuid4(),
            attachment=attachment_clean(mp4()),
        )
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert attachments_expire() == 0
    name = old.attachment.name
    with (
        time_machine.travel(start + timedelta(days=31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert attachments_expire() == 1
        assert attachments_expire() == 0
    old.refresh_from_db()
    assert old.body == "Old form check"
    assert not old.attachment
    assert not old.attachment.storage.exists(name)
