"""The signed links in newsletter emails.

A confirmation link carries the subscriber's id and the nonce of the current sign-up,
and expires. An unsubscribe link carries only the id and never expires: RFC 8058 asks
that it keep working for as long as the email may be read.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from newsletter.models import Subscriber
from outbox.services import absolute_url

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)

# What reading a token may raise: a link that was tampered with or is not ours...
BadLink = signing.BadSignature
# ...and a genuine confirmation link that is too old (a subclass of BadLink).
ExpiredLink = signing.SignatureExpired


def confirm_token(*, subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"id": subscriber.pk, "nonce": subscriber.confirmation_nonce}
    )


def confirm_url(*, subscriber: Subscriber) -> str:
    token = confirm_token(subscriber=subscriber)
    return absolute_url(reverse("newsletter:confirm", kwargs={"token": token}))


def confirm_token_read(token: str) -> tuple[int, str]:
    """The subscriber id and nonce in a confirmation link. Raises ``ExpiredLink`` or
    ``BadLink``."""
    data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
        token, max_age=CONFIRM_MAX_AGE
    )
    try:
        return int(data["id"]), str(data["nonce"])
    except (TypeError, KeyError, ValueError) as exc:
        raise BadLink("malformed confirmation link") from exc


def unsubscribe_token(*, subscriber: Subscriber) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def unsubscribe_url(*, subscriber: Subscriber) -> str:
    token = unsubscribe_token(subscriber=subscriber)
    return absolute_url(reverse("newsletter:unsubscribe", kwargs={"token": token}))


def unsubscribe_token_read(token: str) -> int:
    """The subscriber id in an unsubscribe link. Raises ``BadLink``."""
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    try:
        return int(value)
    except ValueError as exc:
        raise BadLink("malformed unsubscribe link") from exc
