"""Who a login or a password-reset request is counted against: the email address as
the login reads it, whatever its spelling, so that ``COACH@example.com`` and
`` coach@example.com`` count against the same account."""

from django.conf import settings
from django.http import HttpRequest


def email_key(value: str) -> str:
    """An email as users are found by it: case and surrounding spaces ignored."""
    return value.strip().lower()


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
