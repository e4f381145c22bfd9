"""System checks of the API's throttles: each is counted in the rate limits' store
and has a rate, or ``manage.py check`` (and runserver, and migrate) stop."""

from django.core import checks
from rest_framework.settings import api_settings

from api.throttles import RateThrottle
from core.checks import TAG, rate_errors


@checks.register(TAG)
def check_throttles(app_configs, **kwargs) -> list[checks.Error]:
    errors = [
        checks.Error(
            f"The API throttle {throttle.__module__}.{throttle.__qualname__} is not "
            "counted in the rate limits' store.",
            hint="Throttle with a subclass of api.throttles.RateThrottle.",
            id="api.E002",
        )
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
        if not issubclass(throttle, RateThrottle)
    ]
    rates = api_settings.DEFAULT_THROTTLE_RATES
    scopes = {
        throttle.scope
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
        if issubclass(throttle, RateThrottle)
    }
    return errors + rate_errors(
        {scope: rates.get(scope) for scope in sorted(scopes)},
        "REST_FRAMEWORK's DEFAULT_THROTTLE_RATES",
        "api.E001",
    )
