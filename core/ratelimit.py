"""Per-visitor limits on POSTs, counted by django-ratelimit in a shared cache, and the
visitor's address that every per-IP count uses (these limits and the login lockout)."""

import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]
Key = str | Callable[[str, HttpRequest], str]

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


@dataclass(frozen=True)
class Limit:
    """A rate, read from ``settings.<setting>`` ("5/h"), counted per ``key``: "ip",
    or a function of (group, request) as django-ratelimit takes it."""

    setting: str
    key: Key = "ip"


def limit_posts(*limits: Limit) -> Callable[[View], View]:
    """Answer a visitor's POSTs beyond any of ``limits`` with a 429 page. Every POST
    counts against each limit; GETs are never counted.

    If the cache is unreachable the request goes through: a visitor asking for a
    consultation matters more than a limit that cannot be counted. A configuration
    error is raised, never taken for a cache outage.
    """

    def decorator(view: View) -> View:
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                limited = [
                    is_ratelimited(
                        request,
                        group=f"{group}:{limit.setting}",
                        key=limit.key,
                        rate=getattr(settings, limit.setting),
                        method="POST",
                        increment=True,
                    )
                    for limit in limits
                ]
            except ImproperlyConfigured:
                raise
            except Exception:  # the cache's errors vary by backend
                logger.warning("Rate limit not counted for %s", group, exc_info=True)
                limited = [False]
            if any(limited):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def limit_posts_per_ip(setting: str) -> Callable[[View], View]:
    """``limit_posts`` with one limit per visitor's address."""
    return limit_posts(Limit(setting))
