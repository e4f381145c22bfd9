"""Demo clients: a few per trainer, two of them with logins, and ``--clients N`` extra
clients per trainer for measuring at size; and a few consultation requests."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_user
from accounts.models import User
from clients.models import Client, Consultation
from clients.services import client_tags_set

# (trainer, first name, last name, email, has a login)
DEMO_CLIENTS = [
    ("coach@example.com", "Alex", "Morgan", "client@example.com", True),
    ("coach@example.com", "Sam", "Patel", "sam.patel@example.com", False),
    ("coach@example.com", "Jordan", "Lee", "jordan.lee@example.com", False),
    ("coach@example.com", "Riley", "Chen", "riley.chen@example.com", False),
    ("coach2@example.com", "Casey", "Brooks", "client2@example.com", True),
    ("coach2@example.com", "Taylor", "Kim", "taylor.kim@example.com", False),
    ("coach2@example.com", "Morgan", "Diaz", "morgan.diaz@example.com", False),
]
# Words the trainers gave some of the demo clients, to filter the dashboard by.
DEMO_TAGS = {
    "client@example.com": ["mornings", "lower back"],
    "sam.patel@example.com": ["mornings"],
    "riley.chen@example.com": ["evenings", "team"],
    "taylor.kim@example.com": ["team"],
}
BULK_BATCH = 1000


def seed(*, options: dict, log) -> None:
    trainers = {u.email: u for u in User.objects.filter(role=User.Role.TRAINER)}
    password_hash = make_password(DEMO_PASSWORD)
    for trainer_email, first, last, email, has_login in DEMO_CLIENTS:
        user = None
        if has_login:
            user = demo_user(
                email=email,
                role=User.Role.CLIENT,
                first_name=first,
                last_name=last,
                password_hash=password_hash,
            )
        client, _ = Client.objects.update_or_create(
            trainer=trainers[trainer_email],
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "user": user,
                "is_active": True,
            },
        )
        client_tags_set(client=client, tags=DEMO_TAGS.get(email, []))
    log("Clients: client@example.com (of coach), client2@example.com (of coach2)")

    extra = options.get("clients") or 0
    for trainer in trainers.values():
        prefix = trainer.email.split("@")[0]
        wanted = {
            f"{prefix}-client-{n:04d}@example.com": n for n in range(1, extra + 1)
        }
        have = set(
            Client.objects.filter(trainer=trainer, email__in=wanted).values_list(
                "email", flat=True
            )
        )
        Client.objects.bulk_create(
            [
                Client(
                    trainer=trainer,
                    first_name="Client",
                    last_name=f"{n:04d}",
                    email=email,
                )
                for email, n in wanted.items()
                if email not in have
            ],
            batch_size=BULK_BATCH,
        )
    if extra:
        log(f"Extra clients: {extra} per trainer")
    seed_consultations(log=log)


DEMO_GOALS = "Pick up my kids without my back hurting, and deadlift one day."
# (first name, last name, email, status, trainer, days until the booking)
DEMO_CONSULTATIONS = [
    ("Jamie", "Rivera", "jamie.rivera@example.com", "new", None, None),
    ("Priya", "Shah", "priya.shah@example.com", "contacted", "coach@example.com", None),
    (
        "Noah",
        "Williams",
        "noah.williams@example.com",
        "scheduled",
        "coach@example.com",
        3,
    ),
    ("Ellen", "Park", "ellen.park@example.com", "new", "coach2@example.com", None),
]


def seed_consultations(*, log) -> None:
    """A few consultation requests at different steps, written directly: seeding is
    not an event, so it sends no email."""
    trainers = {u.email: u for u in User.objects.filter(role=User.Role.TRAINER)}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for first, last, email, status, trainer, days in DEMO_CONSULTATIONS:
        consultation, created = Consultation.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "goals": DEMO_GOALS,
                "injuries": "Lower back tightness after long drives.",
                "availability": "Weekday mornings before 9, Saturdays",
                "time_zone": "Europe/London",
                "consented_at": timezone.now(),
                "status": status,
                "trainer": trainers.get(trainer),
                "scheduled_at": now + timedelta(days=days, hours=2) if days else None,
            },
        )
        if created:
            # Consent is given as the request is sent: the moment it is created.
            Consultation.objects.filter(pk=consultation.pk).update(
                consented_at=F("created_at")
            )
    log("Consultations: one new, one contacted, one scheduled, one for coach2")
