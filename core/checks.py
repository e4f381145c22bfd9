"""System checks of the rate limits' settings. ``manage.py check`` runs them, and so
do ``runserver`` and ``migrate`` (each release): a limit that could not be counted
stops start-up with an Error, instead of every request going through it."""

from django.conf import settings
from django.core import checks
from django.urls import get_resolver
from django.utils.module_loading import import_string

from core import ratelimit
from core.rates import is_meta_key, is_rate

TAG = "rate_limits"


def _error(id_: int, msg: str, hint: str = "") -> checks.Error:
    return checks.Error(msg, hint=hint or None, id=f"core.E{id_:03}")


def rate_errors(
    rates: dict[str, object], where: str, id_: str = "core.E001"
) -> list[checks.Error]:
    """An error for each rate of ``rates`` (name: value) that is missing or is not
    "count/period"."""
    return [
        checks.Error(
            f"{where} {name} is {value!r}, not a rate.",
            hint="Write it as count/period, such as 5/h or 10/15m.",
            id=id_,
        )
        for name, value in rates.items()
        if not is_rate(value)
    ]


@checks.register(TAG)
def check_store(app_configs, **kwargs) -> list[checks.Error]:
    """The counts' cache exists, is one whose outages core.ratelimit recognises,
    and the counts have a prefix."""
    errors = []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", None)
    if alias not in settings.CACHES:
        errors.append(
            _error(
                2,
                f"RATELIMIT_USE_CACHE is {alias!r}, which is not a cache of CACHES.",
            )
        )
    elif settings.CACHES[alias]["BACKEND"] not in ratelimit.STORE_BACKENDS:
        errors.append(
            _error(
                3,
                f"The rate limits' cache {alias!r} is a "
                f"{settings.CACHES[alias]['BACKEND']}: core.ratelimit tells its "
                "outages from its errors only for "
                f"{', '.join(sorted(ratelimit.STORE_BACKENDS))}.",
            )
        )
    prefix = getattr(settings, "RATELIMIT_CACHE_PREFIX", None)
    if not (isinstance(prefix, str) and prefix):
        errors.append(
            _error(4, f"RATELIMIT_CACHE_PREFIX is {prefix!r}, not a key prefix.")
        )
    return errors


@checks.register(TAG)
def check_address(app_configs, **kwargs) -> list[checks.Error]:
    """Every per-address count reads the visitor's address through client_ip, from
    a META key that can hold it."""
    errors = []
    key = getattr(settings, "CLIENT_IP_META_KEY", None)
    if not is_meta_key(key):
        errors.append(
            _error(
                5,
                f"CLIENT_IP_META_KEY is {key!r}, not a request.META key.",
                "REMOTE_ADDR, or a header as Django names it, such as HTTP_X_REAL_IP.",
            )
        )
    path = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    try:
        function = import_string(path) if isinstance(path, str) else path
    except ImportError:
        function = None
    if function is not ratelimit.client_ip_to_count:
        errors.append(
            _error(
                6,
                f"RATELIMIT_IP_META_KEY is {path!r}: the rate limits would not count "
                "by the visitor's address the login lockout and the API use.",
                'Set it to "core.ratelimit.client_ip_to_count".',
            )
        )
    return errors


@checks.register(TAG)
def check_form_rates(app_configs, **kwargs) -> list[checks.Error]:
    """Every limit on a form has a rate."""
    _ = get_resolver().url_patterns  # imports the views, which declare their limits
    return rate_errors(
        {name: getattr(settings, name, None) for name in ratelimit.RATE_SETTINGS},
        "The setting",
    )
