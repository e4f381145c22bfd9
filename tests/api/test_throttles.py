"""The API's throttles hold on the settings production runs: per user, and per
visitor's address (read from the proxy's header, an IPv6 address by its /64) for the
public docs and schema, counted in the same store as the forms' limits. A store that
cannot be reached lets calls through with an error logged; a configuration error is
raised, never let through."""

import logging
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import InvalidCacheBackendError, caches
from django.urls import reverse

from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db

DOCS = reverse("api:docs")
CLIENTS = reverse("api:client_list")
NEWSLETTER = reverse("newsletter:subscribe")
# Port 1: nothing listens, so every connection is refused at once.
UNREACHABLE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}


@pytest.fixture(autouse=True)
def _still_clock():
    """Counts are kept per window of the period: the clock stays inside one."""
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def rates(settings):
    def set_rates(user="1000/h", anon="60/h"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": user, "anon": anon},
        }

    return set_rates


def statuses(client, url, times, **meta):
    return [client.get(url, **meta).status_code for _ in range(times)]


def test_the_anonymous_limit_holds(client, rates):
    rates(anon="3/h")
    assert statuses(client, DOCS, 5) == [200] * 3 + [429] * 2
    refused = client.get(DOCS)
    assert 0 < int(refused["Retry-After"]) <= 3600
    # Another visitor is counted apart.
    assert client.get(DOCS, REMOTE_ADDR="192.0.2.77").status_code == 200


def test_the_user_limit_holds(api, coach, rates):
    rates(user="4/h")
    api.force_authenticate(coach)
    assert statuses(api, CLIENTS, 6) == [200] * 4 + [429] * 2
    # Counted per user, not per address: another trainer from the same one may call.
    api.force_authenticate(TrainerFactory())
    assert api.get(CLIENTS).status_code == 200


def test_behind_a_proxy_each_visitor_is_counted_by_the_proxys_header(
    client, rates, settings
):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    rates(anon="2/h")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = statuses(client, DOCS, 3, HTTP_X_REAL_IP="203.0.113.9", **proxy)
    assert first == [200, 200, 429]
    # Another visitor through the same proxy has calls left...
    assert statuses(client, DOCS, 2, HTTP_X_REAL_IP="192.0.2.5", **proxy) == [200] * 2
    # ...and the first has none, whichever proxy it comes through.
    again = client.get(DOCS, HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.3")
    assert again.status_code == 429


def test_an_ipv6_visitor_is_counted_by_its_64_as_on_the_forms(client, rates):
    rates(anon="2/h")
    assert statuses(client, DOCS, 2, REMOTE_ADDR="2001:db8:1:2::1") == [200] * 2
    # Another address of the same /64: the same visitor.
    assert client.get(DOCS, REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert client.get(DOCS, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_calls_are_counted_in_the_store_of_the_forms_limits(client, rates, settings):
    settings.CACHES = {
        **settings.CACHES,
        "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.RATELIMIT_USE_CACHE = "limits"
    rates(anon="2/h")
    assert statuses(client, DOCS, 3) == [200, 200, 429]
    caches["limits"].clear()
    assert client.get(DOCS).status_code == 200


@pytest.mark.parametrize(
    ("url", "method", "data"),
    [(DOCS, "get", None), (NEWSLETTER, "post", {"email": "n@example.com"})],
    ids=["api", "form"],
)
def test_with_the_store_down_requests_go_through_and_an_error_is_logged(
    client, rates, settings, caplog, url, method, data
):
    settings.CACHES = {**settings.CACHES, "down": UNREACHABLE}
    settings.RATELIMIT_USE_CACHE = "down"
    settings.NEWSLETTER_RATE_LIMIT = "1/h"
    rates(anon="1/h")
    with caplog.at_level(logging.ERROR, logger="core.ratelimit"):
        answers = [getattr(client, method)(url, data).status_code for _ in range(3)]
    assert all(status < 400 for status in answers), answers
    errors = [r for r in caplog.records if r.name == "core.ratelimit"]
    assert errors
    assert all(r.levelno == logging.ERROR for r in errors)


def test_a_throttle_without_a_rate_is_an_error_not_a_free_pass(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "1000/h"},
    }
    with pytest.raises(KeyError):
        client.get(DOCS)


def test_a_store_that_is_not_a_cache_is_an_error_not_a_free_pass(client, settings):
    settings.RATELIMIT_USE_CACHE = "nowhere"
    with pytest.raises(InvalidCacheBackendError):
        client.get(DOCS)
