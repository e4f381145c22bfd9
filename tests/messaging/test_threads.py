"""Threads: messages between a client and their trainer, unread counts, "Seen", the
inbox, sending to several clients, deleting, and bad input."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from clients.services import client_reassign
from messaging import selectors
from messaging.models import BODY_MAX_LENGTH, Message, Thread
from messaging.services import (
    DELETE_TOO_LATE,
    EMPTY,
    ID_TAKEN,
    NOT_THIS_CLIENTS_WORKOUT,
    message_send,
)
from tests.factories import ClientWithLoginFactory, WorkoutFactory
from tests.messaging.conftest import login, new_uid

pytestmark = pytest.mark.django_db

MY_THREAD = reverse("messaging:my_thread")


def _thread_url(client) -> str:
    return reverse("messaging:client_thread", args=[client.pk])


def _send(client, world, body="My back felt tight on set 3", uid=None, **extra):
    return client.post(MY_THREAD, {"uid": uid or new_uid(), "body": body, **extra})


def test_a_client_message_reaches_the_trainer_unread_then_seen(client, world):
    login(client, world.client_a.user)
    response = _send(client, world)
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.thread.client == world.client_a
    assert message.from_client

    login(client, world.trainer_a)
    page = client.get(reverse("dashboard:index"))
    assert b"data-unread>1<" in page.content
    assert b"Messages waiting for you" in page.content
    inbox = client.get(reverse("messaging:inbox"))
    assert b"1 unread" in inbox.content

    opened = client.get(_thread_url(world.client_a))
    assert b"My back felt tight on set 3" in opened.content
    assert b"The owner of the business can read this thread." in opened.content
    assert selectors.unread_count(user=world.trainer_a) == 0

    login(client, world.client_a.user)
    mine = client.get(MY_THREAD)
    assert b"message-seen" in mine.content
    assert b"The owner of the business can read this thread." in mine.content


def test_not_seen_until_the_other_side_opens_it(client, world):
    login(client, world.client_a.user)
    _send(client, world)
    assert b"message-seen" not in client.get(MY_THREAD).content


def test_the_trainers_answer_is_unread_for_the_client(client, world):
    login(client, world.trainer_a)
    client.post(
        _thread_url(world.client_a), {"uid": new_uid(), "body": "Great depth today"}
    )
    assert selectors.unread_count(user=world.client_a.user) == 1
    assert selectors.unread_count(user=world.trainer_a) == 0
    login(client, world.client_a.user)
    assert b"Great depth today" in client.get(MY_THREAD).content
    assert selectors.unread_count(user=world.client_a.user) == 0


def test_links_are_links_and_html_is_text(client, world):
    login(client, world.client_a.user)
    _send(client, world, body="See https://example.com/squat <script>alert(1)</script>")
    page = client.get(MY_THREAD).content.decode()
    assert '<a href="https://example.com/squat" rel="nofollow">' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("", EMPTY),
        ("   \n ", EMPTY),
        ("x" * (BODY_MAX_LENGTH + 1), "at most"),
        ("before\x00after", "Null characters are not allowed."),
    ],
    ids=["empty", "blank", "over-long", "nul"],
)
def test_bad_messages_are_refused_and_nothing_is_stored(client, world, body, said):
    login(client, world.client_a.user)
    response = _send(client, world, body=body)
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not Message.objects.exists()
    assert not Thread.objects.exists()


def test_the_phone_gets_json_and_a_replay_stores_the_message_once(client, world):
    login(client, world.client_a.user)
    uid = new_uid()
    headers = {"HTTP_ACCEPT": "application/json"}
    first = client.post(MY_THREAD, {"uid": uid, "body": "Offline hello"}, **headers)
    again = client.post(MY_THREAD, {"uid": uid, "body": "Offline hello"}, **headers)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert Message.objects.count() == 1
    refused = client.post(MY_THREAD, {"uid": new_uid(), "body": ""}, **headers)
    assert refused.status_code == 400
    assert refused.json()["errors"]["body"] == [EMPTY]


def test_an_id_of_another_thread_stores_nothing(client, world):
    theirs, _ = message_send(
        client=world.client_b,
        sender=world.client_b.user,
        body="B's message",
        uid=uuid.uuid4(),
    )
    login(client, world.client_a.user)
    response = _send(client, world, body="Hijack", uid=str(theirs.uid))
    assert escape(ID_TAKEN) in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.body == "B's message"
    assert Message.objects.count() == 1
    assert not Thread.objects.filter(client=world.client_a).exists()


def test_a_comment_on_another_clients_workout_is_refused(client, world):
    other = WorkoutFactory(client=world.client_b, exercises=1)
    login(client, world.client_a.user)
    response = _send(client, world, body="Nice", workout=other.pk)
    assert escape(NOT_THIS_CLIENTS_WORKOUT) in response.content.decode()
    assert not Message.objects.exists()


def test_reassigning_the_client_moves_the_thread(client, world):
    message_send(
        client=world.client_b,
        sender=world.client_b.user,
        body="Hello coach",
        uid=uuid.uuid4(),
    )
    client_reassign(client=world.client_b, trainer=world.trainer_a)
    login(client, world.trainer_b)
    assert client.get(_thread_url(world.client_b)).status_code == 404
    assert b"Hello coach" not in client.get(reverse("messaging:inbox")).content
    assert selectors.unread_count(user=world.trainer_b) == 0
    login(client, world.trainer_a)
    assert b"Hello coach" in client.get(_thread_url(world.client_b)).content


def test_the_inbox_puts_unread_threads_first(client, world):
    read = ClientWithLoginFactory(trainer=world.trainer_a, first_name="Ada")
    unread = ClientWithLoginFactory(trainer=world.trainer_a, first_name="Bea")
    message_send(client=unread, sender=unread.user, body="1", uid=uuid.uuid4())
    message_send(client=read, sender=read.user, body="2", uid=uuid.uuid4())
    Thread.objects.filter(client=read).update(trainer_read_at=timezone.now())
    threads = list(selectors.inbox_for_trainer(trainer=world.trainer_a))
    assert [t.client for t in threads] == [unread, read]
    assert [t.unread for t in threads] == [1, 0]


def test_one_message_to_several_clients_lands_in_each_thread(client, world):
    other = ClientWithLoginFactory(trainer=world.trainer_a)
    login(client, world.trainer_a)
    url = reverse("messaging:send_many")
    data = {
        "uid": new_uid(),
        "clients": [world.client_a.pk, other.pk],
        "body": "Gym closed Monday",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: stored once
    assert Message.objects.count() == 2
    assert {m.thread.client for m in Message.objects.all()} == {world.client_a, other}
    data["clients"] = [world.client_b.pk]
    refused = client.post(url, {**data, "uid": new_uid()})
    assert refused.status_code == 200
    assert Message.objects.count() == 2


def test_the_sender_deletes_a_message_within_minutes_only(client, world, settings):
    login(client, world.client_a.user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _send(client, world, body="Oops, wrong person")
        _send(client, world, body="Keep this")
    first, second = Message.objects.order_by("pk")
    delete = reverse("messaging:message_delete", args=[first.pk])
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert b"Delete this message?" in client.get(delete).content
        client.post(delete)
    first.refresh_from_db()
    assert first.is_deleted
    assert first.body == ""
    with time_machine.travel(
        start + timedelta(minutes=settings.MESSAGING_DELETE_MINUTES, seconds=1),
        tick=False,
    ):
        response = client.post(
            reverse("messaging:message_delete", args=[second.pk]), follow=True
        )
    assert DELETE_TOO_LATE.format(minutes=5) in response.content.decode()
    second.refresh_from_db()
    assert not second.is_deleted


def test_only_the_sender_deletes_and_another_client_finds_nothing(client, world):
    mine, _ = message_send(
        client=world.client_a,
        sender=world.client_a.user,
        body="Mine",
        uid=uuid.uuid4(),
    )
    login(client, world.trainer_a)
    client.post(reverse("messaging:message_delete", args=[mine.pk]))
    mine.refresh_from_db()
    assert not mine.is_deleted
    login(client, world.client_b.user)
    url = reverse("messaging:message_delete", args=[mine.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_the_poll_brings_new_messages_and_marks_them_read(client, world):
    login(client, world.client_a.user)
    _send(client, world, body="First")
    message_send(
        client=world.client_a,
        sender=world.trainer_a,
        body="Answer from the trainer",
        uid=uuid.uuid4(),
    )
    poll = client.get(reverse("messaging:my_thread_poll"), HTTP_HX_REQUEST="true")
    assert b"Answer from the trainer" in poll.content
    assert b'hx-trigger="every 10s"' in poll.content
    assert selectors.unread_count(user=world.client_a.user) == 0


def test_the_thread_is_paged_from_the_latest(client, world):
    thread = Thread.objects.create(client=world.client_a)
    Message.objects.bulk_create(
        Message(
            thread=thread, sender=world.client_a.user, from_client=True, body=f"n{i}"
        )
        for i in range(selectors.MESSAGES_PER_PAGE + 5)
    )
    login(client, world.client_a.user)
    page = client.get(MY_THREAD).content.decode()
    assert f"n{selectors.MESSAGES_PER_PAGE + 4}<" in page
    assert ">n4<" not in page
    assert "Earlier messages" in page
    oldest = Message.objects.order_by("pk")[5]
    earlier = client.get(MY_THREAD, {"before": oldest.pk}).content.decode()
    assert ">n4<" in earlier
