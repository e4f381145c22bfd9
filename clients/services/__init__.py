"""Every write on clients and on consultation requests. Messages users see are
constants in the modules that raise them."""

from clients.services.clients import (
    CLIENT_HAS_LOGIN,
    CLIENT_NEEDS_EMAIL,
    EMAIL_TAKEN,
    NOT_AN_ACTIVE_TRAINER,
    TAG_TOO_LONG,
    TOO_MANY_TAGS,
    TRAINER_HAS_EMAIL,
    check_can_coach,
    client_archive,
    client_create,
    client_invite,
    client_reassign,
    client_tags_set,
    client_update,
    tags_clean,
)
from clients.services.consultations import (
    consultation_assign,
    consultation_complete,
    consultation_convert,
    consultation_decline,
    consultation_mark_contacted,
    consultation_request,
    consultation_schedule,
)

__all__ = [
    "CLIENT_HAS_LOGIN",
    "CLIENT_NEEDS_EMAIL",
    "EMAIL_TAKEN",
    "NOT_AN_ACTIVE_TRAINER",
    "TAG_TOO_LONG",
    "TOO_MANY_TAGS",
    "TRAINER_HAS_EMAIL",
    "check_can_coach",
    "client_archive",
    "client_create",
    "client_invite",
    "client_reassign",
    "client_tags_set",
    "client_update",
    "consultation_assign",
    "consultation_complete",
    "consultation_convert",
    "consultation_decline",
    "consultation_mark_contacted",
    "consultation_request",
    "consultation_schedule",
    "tags_clean",
]
