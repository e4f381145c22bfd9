"""Start-up: settings from the environment fail clearly, a limit that could not be
counted stops it, production passes the deploy checks, and the tests run on the
settings production runs, save where they must differ."""

import os
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import get_resolver

from core import ratelimit

ROOT = Path(__file__).resolve().parent.parent
BASE = vars(import_module("trainer.settings.base"))


def manage(*args, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DJANGO_TIME_ZONE", "Mars/Olympus"),
        ("EMAIL_URL", "carrier-pigeon://coop"),
        ("DJANGO_LOGIN_FAILURE_LIMIT", "five"),
        ("DJANGO_CONSULTATION_RATE_LIMIT", "lots"),
        ("DJANGO_NEWSLETTER_RATE_LIMIT", "0/h"),
        ("DJANGO_PASSWORD_RESET_RATE_LIMIT", "often"),
        ("DJANGO_PASSWORD_RESET_IP_RATE_LIMIT", "10/0h"),
        ("DJANGO_API_RATE_LIMIT", "1000 an hour"),
        ("DJANGO_API_ANON_RATE_LIMIT", "60"),
        # A header name as the proxy writes it, which Django never puts in META.
        ("DJANGO_RATELIMIT_IP_META_KEY", "X-Real-IP"),
        ("CELERY_TASK_TIME_LIMIT", "30"),  # not longer than the soft limit
        ("VAPID_PRIVATE_KEY", "not-a-key"),
        ("STRIPE_SECRET_KEY", "pk_test_a_publishable_key"),
        # Alone: the webhook could verify nothing paid through a key it lacks.
        ("STRIPE_WEBHOOK_SECRET", "whsec_alone"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_line_naming_it(variable, value):
    result = manage("check", **{variable: value})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable} ")


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="trainer.settings.production",
        DJANGO_ALLOWED_HOSTS="coach.example.com",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: DJANGO_SECRET_KEY is required but not set."
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="trainer.settings.production",
        DJANGO_SECRET_KEY="x7" * 30 + "a-long-random-looking-production-secret",
        DJANGO_ALLOWED_HOSTS="coach.example.com",
        DATABASE_URL="postgres://coach@127.0.0.1:5432/coach",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr + result.stdout


# --- A limit that could not be counted stops start-up --------------------------------

# A cache whose outages core.ratelimit would not recognise.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "cache",
}


def api_rates(**rates):
    return lambda settings: settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("REST_FRAMEWORK", api_rates(user="1000/h"), "api.E001"),  # no anon rate
        ("REST_FRAMEWORK", api_rates(user="1000/h", anon="60/hour"), "api.E001"),
        ("REST_FRAMEWORK", api_rates(user="0/h", anon="60/h"), "api.E001"),
        (
            "REST_FRAMEWORK",
            lambda settings: (
                settings.REST_FRAMEWORK
                | {
                    "DEFAULT_THROTTLE_CLASSES": [
                        "rest_framework.throttling.AnonRateThrottle"
                    ]
                }
            ),
            "api.E002",
        ),
        ("NEWSLETTER_RATE_LIMIT", "lots", "core.E001"),
        ("PASSWORD_RESET_RATE_LIMIT", None, "core.E001"),
        ("RATELIMIT_USE_CACHE", "nowhere", "core.E002"),
        (
            "CACHES",
            lambda settings: settings.CACHES | {"default": DATABASE_CACHE},
            "core.E003",
        ),
        ("RATELIMIT_CACHE_PREFIX", "", "core.E004"),
        ("CLIENT_IP_META_KEY", "X-Real-IP", "core.E005"),
        ("RATELIMIT_IP_META_KEY", "HTTP_X_REAL_IP", "core.E006"),
        ("RATELIMIT_IP_META_KEY", "core.ratelimit.client_ip", "core.E006"),
    ],
)
def test_a_limit_that_cannot_be_counted_fails_the_system_checks(
    settings, setting, value, error
):
    setattr(settings, setting, value(settings) if callable(value) else value)
    with pytest.raises(SystemCheckError, match=re.escape(error)):
        call_command("check")


def test_the_settings_as_they_are_pass_the_system_checks():
    call_command("check")


def test_manage_py_check_stops_on_a_limit_set_wrong_in_code(tmp_path):
    (tmp_path / "broken_settings.py").write_text(
        "from trainer.settings.test import *  # noqa: F403\n"
        'RATELIMIT_USE_CACHE = "nowhere"\n'
    )
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="broken_settings",
        PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}",
    )
    assert result.returncode == 1
    assert "core.E002" in result.stderr


# --- The tests run on the settings production runs ------------------------------------

# What the test settings change, each for a reason; anything else they set must be as
# production has it.
TEST_ONLY = {
    "DEBUG": "off, as in production, whatever DJANGO_DEBUG says",
    "SECRET_KEY": "a fixed key: production requires one from the environment",
    "PASSWORD_HASHERS": "a fast hash",
    "EMAIL_BACKEND": "mail kept in memory",
    "CELERY_TASK_ALWAYS_EAGER": "tasks run in-process; services tests start a worker",
    "CELERY_TASK_EAGER_PROPAGATES": "an eager task's error fails the test",
    "REQUIRE_SERVICES": "read by the tests only",
    "WHITENOISE_USE_FINDERS": "static files served without collectstatic",
    "EXPORT_ROOT": "exports of the tests apart from the site's, one folder a process",
    "MEDIA_ROOT": "uploads of the tests apart from the site's, one folder a process",
    "CELERY_TASK_DEFAULT_QUEUE": "one queue a test process, in a shared Redis",
}
PROJECT = [
    "trainer", "core", "brand", "accounts", "outbox", "newsletter", "clients",
    "programming", "assessments", "scheduling", "training", "exchange", "api",
    "dashboard", "screening", "booking", "packages", "blog", "letters", "messaging",
    "notifications",
]  # fmt: skip
READS = re.compile(
    r"(?<![\w.])settings\.([A-Z][A-Z0-9_]*)|getattr\(\s*settings,\s*\"([A-Z][A-Z0-9_]*)\""
)
ASSIGNS = re.compile(r"(?<![\w.])settings\.([A-Z][A-Z0-9_]*)\s*=(?!=)")


def names(pattern, paths) -> set[str]:
    found = set()
    for path in paths:
        for match in pattern.finditer(path.read_text()):
            found |= {name for name in match.groups() if name}
    return found


def in_production(name: str) -> bool:
    return name in BASE or hasattr(global_settings, name)


def test_the_test_settings_change_only_what_they_must():
    test = vars(import_module("trainer.settings.test"))
    changed = {
        name
        for name, value in test.items()
        if name.isupper() and (name not in BASE or BASE[name] != value)
    }
    assert changed <= set(TEST_ONLY), changed - set(TEST_ONLY)


def test_every_setting_the_code_reads_is_set_for_production():
    _ = get_resolver().url_patterns  # the views declare the forms' limits
    code = [path for app in PROJECT for path in (ROOT / app).rglob("*.py")]
    read = names(READS, code) | ratelimit.RATE_SETTINGS
    assert {name for name in read if not in_production(name)} == set()


def test_the_tests_set_no_setting_that_production_lacks():
    """A fixture may change a setting for a test (a fresh prefix for the counts), never
    supply one that production would not have."""
    assigned = names(ASSIGNS, (ROOT / "tests").rglob("*.py"))
    assert {n for n in assigned if not in_production(n)} <= set(TEST_ONLY)
