"""Demo logins: one admin, two trainers. Their clients come from ``clients.demo``."""

from django.contrib.auth.hashers import make_password

from accounts.models import User

DEMO_PASSWORD = "hinge-demo-2026"  # noqa: S105 - demo data, printed by make run

DEMO_USERS = [
    ("admin@example.com", User.Role.ADMIN, "Olivia", "Owner"),
    ("coach@example.com", User.Role.TRAINER, "Chris", "Coach"),
    ("coach2@example.com", User.Role.TRAINER, "Dana", "Second-Coach"),
]


def demo_user(
    *, email: str, role: str, first_name: str, last_name: str, password_hash: str
) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "role": role,
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": role == User.Role.ADMIN,
            "is_superuser": role == User.Role.ADMIN,
            "is_active": True,
            "password": password_hash,
        },
    )
    return user


def seed(*, options: dict, log) -> None:
    password_hash = make_password(DEMO_PASSWORD)
    for email, role, first_name, last_name in DEMO_USERS:
        demo_user(
            email=email,
            role=role,
            first_name=first_name,
            last_name=last_name,
            password_hash=password_hash,
        )
    log("Users: admin@example.com, coach@example.com, coach2@example.com")
