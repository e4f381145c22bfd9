"""Reading settings from the environment, failing with one clear line.

A missing or malformed variable stops start-up with ``SystemExit`` and a message that
names the variable, instead of a traceback from deep inside Django.
"""

import zoneinfo
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from core.rates import is_meta_key, is_rate

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}
REDIS_SCHEMES = {"redis", "rediss"}


def fail(var: str, problem: str) -> None:
    raise SystemExit(f"Configuration error: {var} {problem}")


class Env(environ.Env):
    """``environ.Env`` whose every failure names the variable in one line."""

    def get_value(
        self, var, cast=None, default=environ.Env.NOTSET, parse_default=False
    ):
        try:
            return super().get_value(var, cast, default, parse_default)
        except ImproperlyConfigured:
            fail(var, "is required but not set.")
        except ValueError as exc:
            fail(var, f"is malformed: {exc}.")

    def db_url(self, var="DATABASE_URL", default=environ.Env.NOTSET, engine=None):
        url = self.str(var, default=default)
        if urlsplit(url).scheme not in DATABASE_SCHEMES:
            fail(var, f"must be a sqlite:// or postgres:// URL, not {url!r}.")
        return self.db_url_config(url, engine=engine)

    def email_url(self, var="EMAIL_URL", default=environ.Env.NOTSET, backend=None):
        url = self.str(var, default=default)
        try:
            return self.email_url_config(url, backend=backend)
        except (ImproperlyConfigured, ValueError) as exc:
            fail(var, f"is malformed: {exc}.")

    def redis_url(self, var: str, default=None) -> str | None:
        url = self.str(var, default=default)
        if url and urlsplit(url).scheme not in REDIS_SCHEMES:
            fail(var, f"must be a redis:// URL, not {url!r}.")
        return url

    def time_zone(self, var: str, default: str) -> str:
        name = self.str(var, default=default)
        if name not in zoneinfo.available_timezones():
            fail(var, f"is not a known time zone: {name!r}.")
        return name

    def rate(self, var: str, default: str) -> str:
        value = self.str(var, default=default)
        if not is_rate(value):
            fail(var, f"must be a rate such as 5/h or 10/15m, not {value!r}.")
        return value

    def meta_key(self, var: str, default: str) -> str:
        """A key of Django's ``request.META``: ``REMOTE_ADDR``, or a request header
        as Django names it (``X-Real-IP`` is ``HTTP_X_REAL_IP``)."""
        value = self.str(var, default="") or default
        if not is_meta_key(value):
            header = "HTTP_" + value.upper().replace("-", "_")
            fail(
                var,
                f"must name a request header as Django does, such as {header}, "
                f"or REMOTE_ADDR, not {value!r}.",
            )
        return value
