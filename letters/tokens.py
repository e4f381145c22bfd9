"""The one-click unsubscribe link of a client who agreed to the newsletter (a
subscriber's is ``newsletter.tokens``'s): the client's id, signed, never expiring,
as RFC 8058 asks."""

from django.core import signing
from django.urls import reverse

from outbox.services import absolute_url

UNSUBSCRIBE_SALT = "letters.client-unsubscribe"
BadLink = signing.BadSignature


def client_unsubscribe_url(*, client_id: int) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(client_id))
    return absolute_url(reverse("letters:client_unsubscribe", kwargs={"token": token}))


def client_unsubscribe_token_read(token: str) -> int:
    """The client id in an unsubscribe link. Raises ``BadLink``."""
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    try:
        return int(value)
    except ValueError as exc:
        raise BadLink("malformed unsubscribe link") from exc
