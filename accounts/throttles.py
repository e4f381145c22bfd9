"""Who a login or a password-reset request is counted against: the email address as
the login reads it, whatever its spelling (``core.emails.email_key``), so that
``COACH@example.com``, `` coach@example.com``, coach@example.com in full-width
letters and the lookalike with a Cyrillic o count against the same account."""

from django.conf import settings
from django.http import HttpRequest

from core.emails import email_key


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username django-axes counts login failures against
    (``AXES_USERNAME_CALLABLE``)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None:
        value = request.POST.get(field, "")
    return email_key(str(value))


def reset_email(group: str, request: HttpRequest) -> str:
    """The address a password-reset request is counted against (a django-ratelimit
    key)."""
    return email_key(request.POST.get("email", ""))
