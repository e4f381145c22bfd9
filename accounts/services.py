from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from outbox.models import Email
from outbox.services import absolute_url, email_queue


def user_password_url(*, user: User) -> str:
    """The absolute link where ``user`` sets a new password; valid until it is used
    or ``PASSWORD_RESET_TIMEOUT`` passes."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def user_send_password_reset(*, user: User) -> Email:
    """Queue a password-reset email. Idempotent for one user state: a double submit
    (same token) queues one email."""
    url = user_password_url(user=user)
    return email_queue(
        key=f"password-reset:{user.pk}:{url.rstrip('/').rsplit('/', 1)[-1]}",
        to=user.email,
        template="password_reset",
        context={"user": user, "url": url},
    )


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Create a user who logs in with ``email``. Without a password, the user has an
    unusable one until they set theirs from an invitation or reset link."""
    user = User(email=email, role=role, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def user_invite(*, user: User, key: str, invited_by: User | None = None) -> Email:
    """Queue an invitation to set a password and log in. Idempotent per ``key``: the
    same event never sends two invitations."""
    return email_queue(
        key=key,
        to=user.email,
        template="invitation",
        context={
            "user": user,
            "url": user_password_url(user=user),
            "invited_by": invited_by,
        },
    )


def user_update_profile(
    *, user: User, first_name: str, last_name: str, time_zone: str
) -> User:
    user.first_name = first_name
    user.last_name = last_name
    user.time_zone = time_zone
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "time_zone", "updated_at"])
    return user


def user_set_time_zone(*, user: User, time_zone: str) -> User:
    """Show ``user`` every time in ``time_zone`` from now on. Idempotent."""
    user.time_zone = time_zone
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["time_zone", "updated_at"])
    return user
