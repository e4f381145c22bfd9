"""Writes to threads: sending (one message, a comment, the same message to several
clients), reading, deleting, and the sweeps (digest emails, old attachments)."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from clients.models import Client
from messaging.attachments import MB, QUOTA_FULL, CleanAttachment
from messaging.models import Message, Thread
from messaging.selectors import unread_forget
from notifications.models import Topic
from notifications.services import push_queue
from outbox.services import email_queue
from training.models import Workout, WorkoutExercise

EMPTY = "Write a message, or attach a photo or a video."
NOT_THIS_CLIENTS_WORKOUT = "This workout is not one of this client's."
NOT_THIS_WORKOUTS_EXERCISE = "This exercise is not one of this workout's."
NO_CLIENTS = "Choose at least one client."
DELETE_TOO_LATE = (
    "A message can be deleted for {minutes} minutes after it was sent; this one stays."
)
DELETE_NOT_YOURS = "Only its sender can delete a message."
ID_TAKEN = "This message could not be sent as it is: write it again."
DIGEST_TEMPLATE = "message_digest"
# Messages named in one digest email, at most (the email says how many more).
DIGEST_MAX_MESSAGES = 20
# The namespace of the ids of one message sent to several clients: one per client.
MANY_NAMESPACE = uuid.UUID("1b0d9c52-6a7e-4f0b-9d1c-4f1a3c5e8b20")


def thread_for_client(*, client: Client) -> Thread:
    """The client's thread, made the first time it is needed."""
    thread, _ = Thread.objects.get_or_create(client=client)
    return thread


def _check_subject(*, client: Client, workout_id, exercise_id) -> None:
    if exercise_id is not None and workout_id is None:
        workout_id = (
            WorkoutExercise.objects.filter(pk=exercise_id)
            .values_list("workout_id", flat=True)
            .first()
        )
    if (
        workout_id is not None
        and not Workout.objects.filter(pk=workout_id, client=client).exists()
    ):
        raise ValidationError({"workout": NOT_THIS_CLIENTS_WORKOUT})
    if (
        exercise_id is not None
        and not WorkoutExercise.objects.filter(
            pk=exercise_id, workout_id=workout_id
        ).exists()
    ):
        raise ValidationError({"exercise": NOT_THIS_WORKOUTS_EXERCISE})


def _check_quota(size: int) -> None:
    limit = settings.MESSAGING_STORAGE_QUOTA_MB
    used = Message.objects.aggregate(used=Sum("attachment_size"))["used"] or 0
    if used + size > limit * MB:
        raise ValidationError({"attachment": QUOTA_FULL.format(limit=limit)})


@transaction.atomic
def message_send(
    *,
    client: Client,
    sender: User,
    body: str,
    uid: uuid.UUID,
    workout_id: int | None = None,
    exercise_id: int | None = None,
    attachment: CleanAttachment | None = None,
) -> tuple[Message, bool]:
    """Send ``body`` (and maybe a photo or video) in ``client``'s thread, from the
    client or their trainer; a **comment** when it names a workout of the client
    (and maybe one exercise of it). Returns the message and whether it is new.

    Idempotent: the id made on the phone is stored once; sending it again (an
    offline message replayed, a double tap) returns the first message.
    """
    existing = Message.objects.filter(uid=uid).select_related("thread").first()
    if existing is not None:
        if existing.thread.client_id != client.pk:
            # Another thread's id: refused, and that message is left as it was.
            raise ValidationError(ID_TAKEN)
        return existing, False
    body = body.strip()
    if not body and attachment is None:
        raise ValidationError({"body": EMPTY})
    if exercise_id is not None or workout_id is not None:
        _check_subject(client=client, workout_id=workout_id, exercise_id=exercise_id)
        if workout_id is None:
            workout_id = WorkoutExercise.objects.get(pk=exercise_id).workout_id
    thread = Thread.objects.select_for_update().get(
        pk=thread_for_client(client=client).pk
    )
    now = timezone.now()
    message = Message(
        uid=uid,
        thread=thread,
        sender=sender,
        from_client=sender.is_client,
        body=body,
        workout_id=workout_id,
        exercise_id=exercise_id,
        created_at=now,
    )
    if attachment is not None:
        _check_quota(len(attachment.data))
        message.kind = attachment.kind
        message.attachment_type = attachment.content_type
        message.attachment_size = len(attachment.data)
    message.full_clean(exclude=["attachment"])
    if attachment is not None:
        message.attachment.save(
            f"attachment{attachment.extension}",
            ContentFile(attachment.data),
            save=False,
        )
    try:
        message.save()
    except Exception:
        if message.attachment.name:
            message.attachment.storage.delete(message.attachment.name)
        raise
    thread.last_message_at = now
    # Writing is reading: the sender has seen everything up to their own message.
    if sender.is_client:
        thread.client_read_at = now
    else:
        thread.trainer_read_at = now
    thread.save(update_fields=["last_message_at", "client_read_at", "trainer_read_at"])
    unread_forget(client.trainer_id, client.user_id)
    _push_other_side(message=message, client=client)
    return message, True


def _push_other_side(*, message: Message, client: Client) -> None:
    """A push to the phones of whoever did not send ``message``, in its transaction:
    the trainer's thread page, or the client's own."""
    if message.from_client:
        user_id, url = client.trainer_id, message.thread.get_absolute_url()
        title = f"{client.full_name} wrote"
    else:
        user_id, url = client.user_id, reverse("messaging:my_thread")
        title = "Your trainer wrote"
    if user_id is None:  # a client who was never invited has no phone to tell
        return
    is_comment = message.workout_id is not None
    push_queue(
        user_id=user_id,
        topic=Topic.COMMENTS if is_comment else Topic.MESSAGES,
        key=f"message:{message.pk}",
        title=f"{title} about a workout" if is_comment else title,
        body=Truncator(message.body).chars(120) or "A photo or a video",
        url=url,
    )


@transaction.atomic
def message_send_many(
    *, trainer: User, clients: list[Client], body: str, uid: uuid.UUID
) -> list[Message]:
    """The same message in each client's own thread (the trainer's own clients
    only). Idempotent: each client's copy has an id made from ``uid`` and the client,
    so sending the form twice sends nothing twice."""
    if not clients:
        raise ValidationError({"clients": NO_CLIENTS})
    if any(client.trainer_id != trainer.pk for client in clients):
        raise ValidationError({"clients": NO_CLIENTS})
    if not body.strip():
        raise ValidationError({"body": EMPTY})
    return [
        message_send(
            client=client,
            sender=trainer,
            body=body,
            uid=uuid.uuid5(MANY_NAMESPACE, f"{uid}:{client.pk}"),
        )[0]
        for client in clients
    ]


def thread_read(*, thread: Thread, user: User, now: datetime | None = None) -> None:
    """``user`` (the client or the trainer of the thread) has read it to the end:
    the other side sees "Seen". Idempotent; writes only when something is new."""
    if thread.pk is None:
        return
    now = now or timezone.now()
    field = "client_read_at" if user.is_client else "trainer_read_at"
    last_read = getattr(thread, field)
    if thread.last_message_at is None or (
        last_read is not None and last_read >= thread.last_message_at
    ):
        return
    Thread.objects.filter(pk=thread.pk).update(**{field: now})
    setattr(thread, field, now)
    unread_forget(user.pk)


@transaction.atomic
def message_delete(
    *, message: Message, user: User, now: datetime | None = None
) -> None:
    """Its sender deletes a message within ``MESSAGING_DELETE_MINUTES`` of sending
    it: its text and file are gone, a line says it was deleted. Idempotent."""
    now = now or timezone.now()
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("thread__client")
        .get(pk=message.pk)
    )
    if message.is_deleted:
        return
    if message.sender_id != user.pk:
        raise ValidationError(DELETE_NOT_YOURS)
    minutes = settings.MESSAGING_DELETE_MINUTES
    if now - message.created_at > timedelta(minutes=minutes):
        raise ValidationError(DELETE_TOO_LATE.format(minutes=minutes))
    _forget_file(message)
    unread_forget(message.thread.client.trainer_id, message.thread.client.user_id)
    message.body = ""
    message.deleted_at = now
    message.save(
        update_fields=[
            "body",
            "deleted_at",
            "attachment",
            "attachment_size",
            "updated_at",
        ]
    )


def _forget_file(message: Message) -> None:
    name = message.attachment.name
    if name:
        storage = message.attachment.storage
        transaction.on_commit(lambda: storage.delete(name))
    message.attachment = ""
    message.attachment_size = 0


def attachments_expire(*, now: datetime | None = None) -> int:
    """Delete the photos and videos sent more than
    ``MESSAGING_ATTACHMENT_KEEP_DAYS`` ago (the messages stay, saying so).
    Idempotent: an expired message has no file left to delete."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MESSAGING_ATTACHMENT_KEEP_DAYS)
    count = 0
    while True:
        with transaction.atomic():
            batch = list(
                Message.objects.select_for_update(skip_locked=True)
                .filter(created_at__lt=cutoff)
                .exclude(attachment="")[:200]
            )
            if not batch:
                return count
            for message in batch:
                _forget_file(message)
            Message.objects.bulk_update(batch, ["attachment", "attachment_size"])
            count += len(batch)


def digests_send(*, now: datetime | None = None) -> int:
    """One email to each person who has not read a message for
    ``MESSAGING_DIGEST_AFTER_MINUTES``: the unread messages of their threads, never
    one they have read, never one already in a digest. Returns how many emails.

    Idempotent: the messages are claimed (``digested_at``) in the transaction that
    writes the email to the outbox, keyed by the reader and the newest message named.
    """
    from messaging.models import unread_by_client, unread_by_trainer

    now = now or timezone.now()
    due = now - timedelta(minutes=settings.MESSAGING_DIGEST_AFTER_MINUTES)
    sent = 0
    with transaction.atomic():
        waiting = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(digested_at=None, deleted_at=None, created_at__lte=due)
            .filter(unread_by_trainer() | unread_by_client())
            .select_related("thread__client__trainer", "thread__client__user", "sender")
            .order_by("created_at", "pk")
        )
        readers: dict[int, tuple[User, list[Message]]] = {}
        for message in waiting:
            client = message.thread.client
            reader = client.trainer if message.from_client else client.user
            if reader is None or not reader.is_active or not reader.email:
                continue
            readers.setdefault(reader.pk, (reader, []))[1].append(message)
        for reader, messages in readers.values():
            _digest_queue(reader=reader, messages=messages)
            sent += 1
        claimed = [m.pk for _, messages in readers.values() for m in messages]
        Message.objects.filter(pk__in=claimed).update(digested_at=now)
    return sent


def _digest_queue(*, reader: User, messages: list[Message]) -> None:
    from django.urls import reverse

    if reader.is_client:
        url = reverse("messaging:my_thread")
    else:
        url = reverse("messaging:inbox")
    email_queue(
        key=f"message-digest:{reader.pk}:{messages[-1].pk}",
        to=reader.email,
        template=DIGEST_TEMPLATE,
        context={
            "reader": reader,
            "messages": messages[:DIGEST_MAX_MESSAGES],
            "count": len(messages),
            "more": max(len(messages) - DIGEST_MAX_MESSAGES, 0),
            "url": settings.SITE_URL.rstrip("/") + url,
        },
    )
