"""Throttles of the API: requests per user (per visitor IP, for the public schema),
counted in the default cache (Redis in production, shared by every web process)."""

import logging
import re

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.ratelimit import client_ip

logger = logging.getLogger(__name__)

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


class _Throttle:
    def get_rate(self):
        # Read when asked, not when the class was made: a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate):
        """The project's rates, "count/period", where a period may have a number:
        ``10/15m``."""
        if rate is None:
            return None, None
        count, many, unit = RATE.match(rate).groups()
        return int(count), int(many or 1) * SECONDS[unit]

    def get_cache_key(self, request, view):
        key = super().get_cache_key(request, view)
        return key and f"{settings.RATELIMIT_CACHE_PREFIX}api:{key}"

    def get_ident(self, request):
        return client_ip(request) or "unknown"

    def allow_request(self, request, view):
        # A count the cache cannot keep lets the request through, as on the forms.
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache's errors vary by backend
            logger.warning("Throttle cache unavailable; request let through")
            return True


class UserThrottle(_Throttle, UserRateThrottle):
    pass


class AnonThrottle(_Throttle, AnonRateThrottle):
    pass
