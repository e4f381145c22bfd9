"""Query budgets that hold flat: the inbox with 1 and 500 threads, a thread with 10
and 5,000 messages (paged), the unread count in the navigation."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from messaging.models import Message, Thread
from messaging.services import message_send
from tests.messaging.conftest import login

pytestmark = pytest.mark.django_db

INBOX_QUERIES = 5
THREAD_QUERIES = 8


def _threads(trainer, count: int) -> list[Thread]:
    clients = Client.objects.bulk_create(
        Client(trainer=trainer, first_name=f"C{n}", email=f"c{n}@example.com")
        for n in range(count)
    )
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(client=c, last_message_at=now) for c in clients
    )
    Message.objects.bulk_create(
        Message(thread=t, from_client=True, body=f"Hello {n}")
        for n, t in enumerate(threads)
    )
    return threads


def _messages(thread: Thread, count: int) -> None:
    Message.objects.bulk_create(
        (
            Message(thread=thread, from_client=n % 2 == 0, body=f"m{n}")
            for n in range(count)
        ),
        batch_size=1000,
    )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=timezone.now())


@pytest.mark.parametrize("count", [1, 500])
def test_the_inbox_costs_the_same_with_1_or_500_threads(
    client, world, count, django_assert_max_num_queries
):
    _threads(world.trainer_a, count)
    login(client, world.trainer_a)
    url = reverse("messaging:inbox")
    client.get(url)
    with django_assert_max_num_queries(INBOX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"1 unread") == min(count, 25)


@pytest.mark.parametrize("count", [10, 5000])
def test_a_thread_costs_the_same_with_10_or_5000_messages(
    client, world, count, django_assert_max_num_queries
):
    thread = Thread.objects.create(client=world.client_a)
    _messages(thread, count)
    login(client, world.client_a.user)
    for url in (reverse("messaging:my_thread"), reverse("messaging:my_thread_poll")):
        client.get(url)
        with django_assert_max_num_queries(THREAD_QUERIES):
            response = client.get(url)
        assert response.content.count(b'class="message card') == min(count, 30)


def _counting(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return [q for q in queries if "messaging_message" in q["sql"]], response


@pytest.mark.parametrize("count", [1, 500])
def test_the_unread_count_in_the_navigation_is_one_query_then_none(
    client, world, count, django_capture_on_commit_callbacks
):
    _threads(world.trainer_a, count)
    login(client, world.trainer_a)
    url = reverse("scheduling:week")
    counting, response = _counting(client, url)
    assert len(counting) == 1
    assert f"data-unread>{count}<".encode() in response.content
    counting, response = _counting(client, url)
    assert counting == []
    assert f"data-unread>{count}<".encode() in response.content

    # A new message, then the trainer reading a thread: the count follows at once.
    thread = Thread.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            client=thread.client,
            sender=world.trainer_a,
            body="Answer",
            uid=uuid.uuid4(),
        )
    assert f"data-unread>{count - 1}<".encode() in client.get(url).content or (
        count == 1 and b"data-unread" not in client.get(url).content
    )


def test_a_page_that_does_not_show_the_count_does_not_count(client, world):
    login(client, world.trainer_a)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("training:manifest"))
    assert not [q for q in queries if "messaging_message" in q["sql"]]
