from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services import user_create, user_invite
from clients.models import TAG_MAX_LENGTH, Client, ClientTag
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

TAGS_MAX = 10
TAG_TOO_LONG = "A tag has at most {max} characters: “{tag}” is longer."
TOO_MANY_TAGS = "A client has at most {max} tags."


def client_create(
    *,
    trainer: User,
    first_name: str,
    last_name: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    user: User | None = None,
    tags: list[str] | None = None,
) -> Client:
    """Create a client of ``trainer``, with ``tags`` if given."""
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
    if tags:
        client_tags_set(client=client, tags=tags)
    return client


@transaction.atomic
def client_update(*, client: Client, tags: list[str] | None = None, **fields) -> Client:
    """Change a client's details (only the fields in ``CLIENT_FIELDS``), and their
    tags when ``tags`` is given."""
    for name, value in fields.items():
        if name not in CLIENT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(client, name, value)
    client.full_clean()
    client.save()
    if tags is not None:
        client_tags_set(client=client, tags=tags)
    return client


def tags_clean(tags: list[str]) -> list[str]:
    """``tags`` as kept: spaces trimmed and collapsed, blanks dropped, each once
    whatever its case (the first spelling wins), in the order given. Raises
    ``ValidationError`` for a tag too long, or too many."""
    kept: dict[str, str] = {}
    for tag in tags:
        name = " ".join(tag.split())
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError(TAG_TOO_LONG.format(max=TAG_MAX_LENGTH, tag=name))
        kept.setdefault(name.casefold(), name)
    if len(kept) > TAGS_MAX:
        raise ValidationError(TOO_MANY_TAGS.format(max=TAGS_MAX))
    return list(kept.values())


@transaction.atomic
def client_tags_set(*, client: Client, tags: list[str]) -> list[str]:
    """Make the client's tags exactly ``tags`` (cleaned by ``tags_clean``): the ones
    no longer given go, the new ones are added, the others stay as they are.
    Idempotent. Returns the tags kept."""
    names = tags_clean(tags)
    wanted = {name.casefold(): name for name in names}
    have = {tag.name.casefold(): tag for tag in client.tags.all()}
    gone = [tag.pk for folded, tag in have.items() if folded not in wanted]
    if gone:
        ClientTag.objects.filter(pk__in=gone).delete()
    new = [
        ClientTag(client=client, name=name)
        for folded, name in wanted.items()
        if folded not in have
    ]
    for tag in new:
        tag.full_clean(validate_constraints=False)
    ClientTag.objects.bulk_create(new)
    return names


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
