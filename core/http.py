"""Helpers for the views of every app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.http import require_safe


def read_only(view):
    """A page that only reads: GET and HEAD only, and outside the request transaction
    that ``ATOMIC_REQUESTS`` opens for every other view. That saves a BEGIN and a
    COMMIT per page on PostgreSQL, and on SQLite it does not take the write lock."""
    return transaction.non_atomic_requests(require_safe(view))


def error_message(exc: ValidationError) -> str:
    """A service's refusal as one line, for a flash message."""
    return " ".join(exc.messages)
