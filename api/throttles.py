"""Throttles of the API: requests per user, and per visitor's address for the public
schema and docs, counted as the forms' limits are (``core.ratelimit.count``): in the
same store, by the same address, an unreachable store letting calls through with an
error logged. ``api.checks`` refuses a throttle without a rate before start-up."""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from core.ratelimit import Usage, count


class RateThrottle(BaseThrottle):
    """Calls counted per ``key`` at the rate ``DEFAULT_THROTTLE_RATES[scope]``."""

    scope: str
    key: str

    def __init__(self) -> None:
        self.usage: Usage | None = None

    def applies_to(self, request) -> bool:
        return True

    def allow_request(self, request, view) -> bool:
        if not self.applies_to(request):
            return True
        # Read when asked, not when the class was made: a changed setting applies.
        rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        self.usage = count(request, group=f"api:{self.scope}", key=self.key, rate=rate)
        return not (self.usage and self.usage["should_limit"])

    def wait(self) -> int | None:
        return self.usage and max(self.usage["time_left"], 1)


class UserThrottle(RateThrottle):
    """Per user; per address for a call without credentials."""

    scope = "user"
    key = "user_or_ip"


class AnonThrottle(RateThrottle):
    """Per address, calls without credentials only."""

    scope = "anon"
    key = "ip"

    def applies_to(self, request) -> bool:
        return not request.user.is_authenticated
