"""Per-visitor limits on POSTs, counted by django-ratelimit in a shared cache, and the
visitor's address that every per-IP count uses (these limits, the API's throttles and
the login lockout).

Every count goes through ``count``: in the cache ``RATELIMIT_USE_CACHE`` names, under
``RATELIMIT_CACHE_PREFIX``, an address grouped as django-ratelimit groups it (an IPv6
address by its /64). A store that cannot be reached lets the request through, logged
as an error; anything else (a missing or malformed setting) is raised, never taken
for an outage. ``core.checks`` refuses such settings before the first request.
"""

import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
Key = str | Callable[[str, HttpRequest], str]

# What a cache that cannot be reached raises: Django's Redis cache raises redis-py's
# errors, a socket's failures are OSErrors. core.checks allows no other backend for
# the counts, so that an outage is never confused with a bug.
STORE_ERRORS = (RedisError, OSError)
STORE_BACKENDS = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache",  # one process: development
}

NO_PEER_ADDRESS = (
    "The request has no peer address (REMOTE_ADDR) to count it by: serve the app "
    "over TCP, or set DJANGO_RATELIMIT_IP_META_KEY to the proxy's header."
)


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: the header ``settings.CLIENT_IP_META_KEY`` names (set by
    the proxy), else the peer address; None for a request that has neither (one
    built in code, not received).

    A request without that header, or with one that is not an address, did not come
    through the proxy (or the proxy is misconfigured): it is counted by its peer
    address, with a warning, and never goes uncounted. For a list (X-Forwarded-For)
    the last entry counts, the one the proxy added; the visitor writes the others.
    """
    key = settings.CLIENT_IP_META_KEY
    if key != "REMOTE_ADDR":
        header = request.META.get(key, "")
        address = _address(header.rsplit(",", 1)[-1])
        if address is not None:
            return address
        logger.warning(
            "%s missing or not an address (%r): counting by the peer address",
            key,
            header[:100],
        )
    return _address(request.META.get("REMOTE_ADDR") or "")


def client_ip_to_count(request: HttpRequest) -> str:
    """``client_ip`` for a limit (``RATELIMIT_IP_META_KEY``): a request with no
    address to count it by is a configuration error, not a request to let through."""
    address = client_ip(request)
    if address is None:
        raise ImproperlyConfigured(NO_PEER_ADDRESS)
    return address


def client_network(request: HttpRequest) -> str | None:
    """``client_ip``, with an IPv6 address counted by its network of
    ``RATELIMIT_IPV6_MASK`` bits (a /64, which one visitor usually holds whole), as
    the limits count it: the login lockout's address (``AXES_CLIENT_IP_CALLABLE``)."""
    address = client_ip(request)
    if address is None or ipaddress.ip_address(address).version == 4:
        return address
    mask = settings.RATELIMIT_IPV6_MASK
    return str(ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address)


class Usage(TypedDict):
    count: int
    limit: int
    should_limit: bool
    time_left: int


def count(
    request: HttpRequest,
    *,
    group: str,
    key: Key,
    rate: str,
    method: str | tuple[None] = ALL,
) -> Usage | None:
    """Count ``request`` against ``rate`` per ``key`` ("ip", "user_or_ip" or a
    function of (group, request)) in the limits' store; the usage, or None when it
    was not counted: a method ``method`` does not name, or a store that cannot be
    reached (logged as an error, so that nobody mistakes it for a quiet day)."""
    try:
        return get_usage(
            request, group=group, key=key, rate=rate, method=method, increment=True
        )
    except STORE_ERRORS:
        logger.error(
            "Rate limit store unreachable: %s let through uncounted",
            group,
            exc_info=True,
        )
        return None


# The settings that hold the rates of the limits in use, for core.checks.
RATE_SETTINGS: set[str] = set()


@dataclass(frozen=True)
class Limit:
    """A rate, read from ``settings.<setting>`` ("5/h"), counted per ``key``: "ip",
    or a function of (group, request) as django-ratelimit takes it."""

    setting: str
    key: Key = "ip"

    def __post_init__(self) -> None:
        RATE_SETTINGS.add(self.setting)


def limit_posts(*limits: Limit) -> Callable[[View], View]:
    """Answer a visitor's POSTs beyond any of ``limits`` with a 429 page. Every POST
    counts against each limit; GETs are never counted.

    If the store is unreachable the request goes through: a visitor asking for a
    consultation matters more than a limit that cannot be counted.
    """

    def decorator(view: View) -> View:
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            usages = [
                count(
                    request,
                    group=f"{group}:{limit.setting}",
                    key=limit.key,
                    rate=getattr(settings, limit.setting),
                    method="POST",
                )
                for limit in limits
            ]
            if any(usage and usage["should_limit"] for usage in usages):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limit_posts_per_ip(setting: str) -> Callable[[View], View]:
    """``limit_posts`` with one limit per visitor's address."""
    return limit_posts(Limit(setting))
