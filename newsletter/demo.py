"""Demo subscribers, one in each state. Written directly: seeding sends no email."""

from django.utils import timezone

from newsletter.models import Subscriber

# (email, first name, status, source)
DEMO_SUBSCRIBERS = [
    ("reader@example.com", "Robin", Subscriber.Status.CONFIRMED, "home"),
    ("pending.reader@example.com", "Kai", Subscriber.Status.PENDING, "newsletter"),
    ("former.reader@example.com", "", Subscriber.Status.UNSUBSCRIBED, "consultation"),
]


def seed(*, options: dict, log) -> None:
    now = timezone.now()
    for email, first_name, status, source in DEMO_SUBSCRIBERS:
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "status": status,
                "source": source,
                "confirmation_nonce": "demo" if status == "pending" else "",
                "confirmation_sent_at": now,
                "confirmed_at": now if status != "pending" else None,
                "unsubscribed_at": now if status == "unsubscribed" else None,
            },
        )
    log("Subscribers: one confirmed, one pending, one unsubscribed")
