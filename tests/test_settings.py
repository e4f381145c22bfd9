"""Start-up: settings from the environment fail clearly, production passes the deploy
checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
        # A header name as the proxy writes it, which Django never puts in META.
        ("DJANGO_RATELIMIT_IP_META_KEY", "X-Real-IP"),
        ("CELERY_TASK_TIME_LIMIT", "30"),  # not longer than the soft limit
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
