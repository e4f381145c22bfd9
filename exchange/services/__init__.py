"""Every write of the exchange app: ``from exchange.services import export_request``."""

from exchange.services.business import (
    ARCHIVE_UNREADABLE,
    DATABASE_NOT_EMPTY,
    NOT_A_BUSINESS_EXPORT,
    OTHER_SCHEMA,
    business_load,
)
from exchange.services.exports import (
    NOT_ALLOWED,
    export_build,
    export_request,
    export_sweep,
)
from exchange.services.imports import (
    client_import_apply,
    client_import_preview,
)
from exchange.services.invites import NOT_APPLIED, client_import_invite

__all__ = [
    "ARCHIVE_UNREADABLE",
    "DATABASE_NOT_EMPTY",
    "NOT_ALLOWED",
    "NOT_APPLIED",
    "NOT_A_BUSINESS_EXPORT",
    "OTHER_SCHEMA",
    "business_load",
    "client_import_apply",
    "client_import_invite",
    "client_import_preview",
    "export_build",
    "export_request",
    "export_sweep",
]
