"""Reads of threads, each joined for the screen that shows it."""

import contextlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients.models import Client
from messaging.models import Message, Thread

MESSAGES_PER_PAGE = 30
ATTENTION_THREADS = 5


def thread_of(*, client: Client) -> Thread:
    """The client's thread, or an unsaved one when nobody has written yet (a page
    only reads: the first message makes it)."""
    try:
        return Thread.objects.get(client=client)
    except Thread.DoesNotExist:
        return Thread(client=client)


def _trainer_unread() -> Count:
    return Count(
        "messages",
        filter=Q(messages__deleted_at=None, messages__from_client=True)
        & (Q(trainer_read_at=None) | Q(messages__created_at__gt=F("trainer_read_at"))),
    )


def inbox_for_trainer(*, trainer: User) -> QuerySet[Thread]:
    """The threads of the trainer's clients, those with unread messages first, then
    the latest, each with its unread count and its last message's text."""
    last = Message.objects.filter(thread=OuterRef("pk")).order_by("-pk")
    return (
        Thread.objects.for_trainer(trainer)
        .exclude(last_message_at=None)
        .select_related("client")
        .annotate(
            unread=_trainer_unread(),
            last_body=Subquery(last.values("body")[:1]),
            last_kind=Subquery(last.values("kind")[:1]),
            last_deleted=Subquery(last.values("deleted_at")[:1]),
        )
        .annotate(has_unread=Case(When(unread__gt=0, then=Value(1)), default=Value(0)))
        .order_by("-has_unread", "-last_message_at", "-pk")
    )


def unread_threads_for_trainer(*, trainer: User) -> list[Thread]:
    """For "Needs your attention": the threads waiting on the trainer, oldest
    message first, a few."""
    return list(
        Thread.objects.for_trainer(trainer)
        .select_related("client")
        .annotate(unread=_trainer_unread())
        .filter(unread__gt=0)
        .order_by("last_message_at", "pk")[:ATTENTION_THREADS]
    )


# The navigation's count is kept in the cache this long at most; sending, reading
# and deleting a message forget it at once (``unread_forget``), so the time only
# bounds how long a reassigned client's messages still count for the old trainer.
UNREAD_CACHE_SECONDS = 60


# The cache's name for the counts; each test has its own, as a fresh test database
# reuses the ids of the last run's people.
UNREAD_CACHE_PREFIX = "messaging:unread"


def _unread_key(user_id: int) -> str:
    return f"{UNREAD_CACHE_PREFIX}:{user_id}"


def unread_count(*, user: User) -> int:
    """Messages ``user`` has not read yet, over all their threads: from the cache,
    else one COUNT query."""
    if not (user.is_trainer or user.is_client):
        return 0
    key = _unread_key(user.pk)
    try:
        cached = cache.get(key)
    except Exception:  # Redis down: the page counts for itself, it does not fail
        cached = None
    if cached is not None:
        return cached
    count = Message.objects.unread_by(user).count()
    with contextlib.suppress(Exception):
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def unread_forget(*user_ids: int | None) -> None:
    """The cached unread counts of these people are out of date: forgotten now,
    and again once the transaction that changed them commits (a page counting in
    between still saw the old rows)."""
    keys = [_unread_key(pk) for pk in user_ids if pk is not None]

    def forget() -> None:
        with contextlib.suppress(Exception):
            cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


def messages_page(
    *, thread: Thread, before: int | None = None
) -> tuple[list[Message], bool]:
    """The latest messages of a thread (or those before the message ``before``),
    oldest first, at most ``MESSAGES_PER_PAGE``, and whether earlier ones exist;
    found by the index on (thread, -id), however long the thread."""
    if thread.pk is None:
        return [], False
    messages = Message.objects.filter(thread=thread)
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(
        messages.select_related("workout", "exercise__variation", "sender").order_by(
            "-pk"
        )[: MESSAGES_PER_PAGE + 1]
    )
    return page[:MESSAGES_PER_PAGE][::-1], len(page) > MESSAGES_PER_PAGE


def message_for_user(*, user: User, pk: int) -> Message:
    """A message of one of ``user``'s threads (the client's own, the trainer's
    clients', every one for the owner), or 404."""
    messages = Message.objects.select_related("thread__client")
    if user.is_admin:
        return get_object_or_404(messages, pk=pk)
    if user.is_trainer:
        return get_object_or_404(messages, pk=pk, thread__client__trainer=user)
    return get_object_or_404(messages, pk=pk, thread__client__user=user)


def comments_for_workout(*, workout) -> list[Message]:
    """The comments on one workout (and its exercises), oldest first."""
    return list(
        Message.objects.shown()
        .filter(workout=workout)
        .select_related("sender", "exercise__variation")
        .order_by("pk")
    )
