"""Demo threads: each demo client who has logged workouts has a few messages with
their trainer, one of them a comment on their latest workout's first exercise and
one a photo, the trainer's latest answer not yet read by the client."""

import io
import uuid

from PIL import Image

from clients.models import Client
from messaging.attachments import attachment_clean
from messaging.models import Thread
from messaging.services import message_send

# A fixed namespace: the same demo messages every time, so that seeding again adds
# none twice.
DEMO = uuid.UUID("6f1e0c1a-2b9e-4f55-8f0e-3c1d2a4b5c6d")


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


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

        def send(n: int, sender, body: str, client=client, **extra) -> None:
            message_send(
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
        done += 1
    if done:
        log(f"Demo threads: {done}.")
