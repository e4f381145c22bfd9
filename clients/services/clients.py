from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services import user_create, user_invite
from clients.models import Client
from outbox.models import Email

CLIENT_HAS_LOGIN = "This client can already log in."
CLIENT_NEEDS_EMAIL = "Add an email address first: the invitation goes there."
EMAIL_TAKEN = (
    "Someone else already logs in with this email. Use another address, or ask the "
    "owner to link the existing login."
)

NOT_AN_ACTIVE_TRAINER = "Choose an active trainer: {name} is not one."
TRAINER_HAS_EMAIL = "{trainer} already has a client with the email {email}."

CLIENT_FIELDS = ["first_name", "last_name", "email", "phone", "notes"]


def client_create(
    *,
    trainer: User,
    first_name: str,
    last_name: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    user: User | None = None,
) -> Client:
    """Create a client of ``trainer``."""
    client = Client(
        trainer=trainer,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        notes=notes,
        user=user,
    )
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, **fields) -> Client:
    """Change a client's details (only the fields in ``CLIENT_FIELDS``)."""
    for name, value in fields.items():
        if name not in CLIENT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(client, name, value)
    client.full_clean()
    client.save()
    return client


def check_can_coach(trainer: User) -> None:
    """Clients go only to an active trainer."""
    if not (trainer.is_trainer and trainer.is_active):
        name = trainer.get_full_name() or trainer.email
        raise ValidationError({"trainer": NOT_AN_ACTIVE_TRAINER.format(name=name)})


@transaction.atomic
def client_reassign(*, client: Client, trainer: User) -> Client:
    """Give ``client`` to another trainer, with everything of theirs: assignments,
    programs, assessments and sessions belong to the client's trainer, so from the
    commit the old trainer finds none of it and the new one finds all of it. The
    client keeps their login and history.

    Refused (nothing changes) for someone who is not an active trainer, or when the
    new trainer already has a client with the same email. Idempotent; the client row
    is locked, so two reassignments at once end with one trainer, the later one.
    """
    check_can_coach(trainer)
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.trainer_id == trainer.pk:
        return client
    if (
        client.email
        and Client.objects.for_trainer(trainer).filter(email=client.email).exists()
    ):
        raise ValidationError(
            TRAINER_HAS_EMAIL.format(
                trainer=trainer.get_full_name() or trainer.email, email=client.email
            )
        )
    client.trainer = trainer
    client.save(update_fields=["trainer", "updated_at"])
    return client


@transaction.atomic
def client_archive(*, client: Client) -> Client:
    """Hide a client from the dashboard; their history stays."""
    client.is_active = False
    client.save(update_fields=["is_active", "updated_at"])
    return client


@transaction.atomic
def client_invite(
    *, client: Client, invited_by: User | None = None, key: str | None = None
) -> Email:
    """Give a client a login and email them a link to set their password.

    Refused when the client already has a login, has no email, or the email belongs to
    another login. ``key`` names the event that invites them (by default, this client
    getting this login), so the same event never sends two invitations.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.user_id is not None:
        raise ValidationError(CLIENT_HAS_LOGIN)
    if not client.email:
        raise ValidationError(CLIENT_NEEDS_EMAIL)
    if User.objects.filter(email=client.email).exists():
        raise ValidationError(EMAIL_TAKEN)
    user = user_create(
        email=client.email,
        role=User.Role.CLIENT,
        first_name=client.first_name,
        last_name=client.last_name,
    )
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    return user_invite(
        user=user,
        key=key or f"client-invite:{client.pk}:{user.pk}",
        invited_by=invited_by,
    )
