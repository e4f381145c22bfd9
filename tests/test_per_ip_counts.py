"""Every count per visitor's address groups an IPv6 visitor by their /64: the forms'
limits, the password-reset limit and the API's throttles count through
``core.ratelimit.count``, the login lockout reads ``core.ratelimit.client_network``;
nothing else in the project reads the visitor's address or counts requests."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils.module_loading import import_string
from rest_framework.settings import api_settings

from api.throttles import RateThrottle
from core.ratelimit import client_network, count

SAME_64 = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"]
OTHER_64 = "2001:db8:1:3::1"

# What reads a visitor's address or counts requests, outside core.ratelimit.
COUNTING = re.compile(
    r"django_ratelimit|REMOTE_ADDR|HTTP_X_FORWARDED_FOR|get_client_ip|"
    r"\bfrom axes\b|\bimport axes\b|throttling import (?!BaseThrottle)"
)
ALLOWED = {
    "core/ratelimit.py",  # the one place
    "core/rates.py",  # names the header setting
    "core/checks.py",  # checks it
    "trainer/settings/base.py",
    "trainer/settings/environment.py",
    "api/throttles.py",  # BaseThrottle, counted by core.ratelimit.count
}


def _request(address: str):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    return request


def test_nothing_else_reads_the_visitors_address_or_counts_requests():
    base = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(base))
        for path in base.rglob("*.py")
        if not {".venv", "tests", "migrations", "var", "node_modules"}
        & set(path.relative_to(base).parts)
        and str(path.relative_to(base)) not in ALLOWED
        and COUNTING.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_login_lockout_reads_the_visitors_network():
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_network
    assert "ip_address" in settings.AXES_LOCKOUT_PARAMETERS


@pytest.mark.parametrize("key", ["ip", "user_or_ip"])
def test_a_count_by_address_takes_a_64_for_one_visitor(key):
    first, second = (_request(address) for address in SAME_64)
    count(first, group="probe", key=key, rate="1/h")
    assert count(second, group="probe", key=key, rate="1/h")["should_limit"]
    other = count(_request(OTHER_64), group="probe", key=key, rate="1/h")
    assert not other["should_limit"]
    assert (
        client_network(first)
        == client_network(second)
        != client_network(_request(OTHER_64))
    )


def test_every_api_throttle_counts_by_user_or_address():
    throttles = [
        t for t in api_settings.DEFAULT_THROTTLE_CLASSES if issubclass(t, RateThrottle)
    ]
    assert throttles
    assert {t.key for t in throttles} <= {"ip", "user_or_ip"}
