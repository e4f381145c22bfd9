import zoneinfo

from django.utils import timezone


class TimeZoneMiddleware:
    """Show times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate_time_zone(getattr(request, "user", None))
        return self.get_response(request)


def activate_time_zone(user) -> None:
    """Make ``user``'s zone the one dates and times are read in (UTC for nobody)."""
    if user is not None and user.is_authenticated:
        timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
    else:
        timezone.deactivate()
