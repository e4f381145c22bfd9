"""Demo clients: a few per trainer, two of them with logins, and ``--clients N`` extra
clients per trainer for measuring at size."""

from django.contrib.auth.hashers import make_password

from clients.models import Client
from trainer.accounts.demo import DEMO_PASSWORD, demo_user
from trainer.accounts.models import User

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
        Client.objects.update_or_create(
            trainer=trainers[trainer_email],
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "user": user,
                "is_active": True,
            },
        )
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
