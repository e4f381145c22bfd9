"""Per-IP limits on the public forms, counted by django-ratelimit in a shared cache."""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def limit_posts_per_ip(setting: str) -> Callable[[View], View]:
    """Answer a visitor's POSTs beyond ``settings.<setting>`` (e.g. "5/h") per IP
    address with a 429 page. GETs are never counted.

    If the cache is unreachable the request goes through: a visitor asking for a
    consultation matters more than a limit that cannot be counted.
    """

    def decorator(view: View) -> View:
        group = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                limited = is_ratelimited(
                    request,
                    group=group,
                    key="ip",
                    rate=getattr(settings, setting),
                    method="POST",
                    increment=True,
                )
            except Exception:  # the cache's errors vary by backend
                logger.warning("Rate limit not counted for %s", group, exc_info=True)
                limited = False
            if limited:
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
