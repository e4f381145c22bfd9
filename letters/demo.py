"""Demo newsletter: an issue already sent, a draft, and the addresses it skips (the
demo's unsubscribed reader, and one the mail server refused). Written directly:
seeding sends no email."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from letters.models import Issue
from outbox.models import Suppression

SENT = (
    "The hip hinge: where every strong back starts",
    "The hinge is the first of the six patterns, and the one most people get "
    "wrong: they bend the back instead of pushing the hips back.\n\n"
    "This month, try the **wall touch**: stand a foot from a wall, push your hips "
    "back until they touch it, and stand tall again. Ten slow reps a day.\n\n"
    "- Keep the shins nearly vertical\n- Keep the spine long\n"
    "- Feel it in the back of the legs, not the back\n\n"
    "When that is easy, a dowel along the spine is your next rung.",
)
DRAFT = (
    "Squat deeper without sore knees",
    "The squat is the second pattern. Start with a **box squat** to a height you "
    "own, and lower the box an inch a fortnight.",
)


def seed(*, options: dict, log) -> None:
    now = timezone.now()
    owner = User.objects.filter(role=User.Role.ADMIN).order_by("pk").first()
    if not Issue.objects.exists():
        Issue.objects.create(
            subject=SENT[0],
            body=SENT[1],
            status=Issue.Status.SENT,
            send_at=now - timedelta(days=14),
            queued_at=now - timedelta(days=14),
            finished_at=now - timedelta(days=14),
            recipients=1,
            created_by=owner,
        )
        Issue.objects.create(subject=DRAFT[0], body=DRAFT[1], created_by=owner)
    Suppression.objects.get_or_create(
        address="former.reader@example.com", defaults={"unsubscribed_at": now}
    )
    Suppression.objects.get_or_create(
        address="no.such.reader@example.com",
        defaults={
            "bounces": 3,
            "last_bounce_at": now - timedelta(days=14),
            "last_bounce": "550 5.1.1 The email account does not exist.",
        },
    )
    log("Newsletter: one issue sent, one draft; two addresses it skips")
