"""The outbox's settings, checked at start-up: a malformed sending rate would
otherwise only show when the first email waits for its turn."""

from django.conf import settings
from django.core import checks

from core.checks import rate_errors


@checks.register()
def check_outbox_rate(app_configs, **kwargs) -> list[checks.Error]:
    """``OUTBOX_RATE`` is empty (no limit) or a rate."""
    rate = getattr(settings, "OUTBOX_RATE", "")
    if not rate:
        return []
    return rate_errors({"OUTBOX_RATE": rate}, "The setting", id_="outbox.E001")
