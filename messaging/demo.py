"""Demo threads: each demo client who has logged workouts has a few messages with
their trainer, one of them a comment on their latest workout's first exercise and
one a photo, the trainer's latest answer not yet read by the client. They are dated
as a conversation would be: a question and its answer some days before that
workout, the photo and the comment on its evening (or just now, for a workout of
today), never all at the moment of seeding."""

import io
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone
from PIL import Image

from clients.models import Client
from messaging.attachments import attachment_clean
from messaging.models import Message, Thread
from messaging.services import message_send

# A fixed namespace: the same demo messages every time, so that seeding again adds
# none twice.
DEMO = uuid.UUID("6f1e0c1a-2b9e-4f55-8f0e-3c1d2a4b5c6d")


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


# When each demo message was sent, before the comment on the latest workout.
BEFORE_THE_COMMENT = {
    1: timedelta(days=3, hours=9, minutes=20),
    2: timedelta(days=3, hours=7, minutes=5),
    3: timedelta(minutes=35),
    4: timedelta(0),
}


def _date(client: Client, workout, messages: dict[int, Message]) -> None:
    """Date the thread's messages by the evening of ``workout``'s day (as
    ``BEFORE_THE_COMMENT`` says), and its read marks with them: the client read up
    to their photo, the trainer everything."""
    evening = timezone.make_aware(datetime.combine(workout.performed_on, time(19, 30)))
    comment_at = min(evening, timezone.now() - timedelta(minutes=10))
    at = {n: comment_at - BEFORE_THE_COMMENT[n] for n in messages}
    for n, message in messages.items():
        Message.objects.filter(pk=message.pk).update(created_at=at[n], updated_at=at[n])
    Thread.objects.filter(client=client).update(
        last_message_at=max(at.values()),
        client_read_at=at[3],
        trainer_read_at=at[4],
    )


def seed(*, options: dict, log) -> None:
    clients = (
        Client.objects.filter(workouts__isnull=False, user__isnull=False)
        .exclude(pk__in=Thread.objects.values("client_id"))
        .select_related("trainer", "user")
        .distinct()
    )
    done = 0
    for client in clients:
        workout = client.workouts.order_by("-performed_on", "-pk").first()
        exercise = workout.exercises.order_by("position").first()

        sent: dict[int, Message] = {}

        def send(n: int, sender, body: str, client=client, sent=sent, **extra):
            sent[n], _ = message_send(
                client=client,
                sender=sender,
                body=body,
                uid=uuid.uuid5(DEMO, f"{client.pk}:{n}"),
                **extra,
            )

        send(1, client.user, "Is it fine to train the hinge with a sore lower back?")
        send(
            2,
            client.trainer,
            "Drop back a rung this week and keep it pain-free. See "
            "https://en.wikipedia.org/wiki/Hip_hinge for the pattern.",
        )
        send(
            3,
            client.user,
            "Here is my set-up from today.",
            attachment=attachment_clean(_photo()),
        )
        send(
            4,
            client.trainer,
            "Chest up, butt back: good depth on this one.",
            workout_id=workout.pk,
            exercise_id=exercise.pk if exercise else None,
        )
        _date(client, workout, sent)
        done += 1
    if done:
        log(f"Demo threads: {done}.")
