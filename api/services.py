"""API keys: one per user, made, replaced or revoked by its owner."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User


@transaction.atomic
def api_token_reset(*, user: User) -> Token:
    """Give ``user`` a new API key; the previous one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> None:
    """Turn ``user``'s API key off. Idempotent."""
    Token.objects.filter(user=user).delete()
