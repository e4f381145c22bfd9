"""``make run`` prints each email exactly as it is sent, working links included,
while the worker's log lines keep their links masked."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.utils.log import LoggingProxy
from django.core.mail import EmailMessage, get_connection

from core.logs import MASK

ROOT = Path(__file__).resolve().parent.parent
LINK = "http://127.0.0.1:8000/newsletter/confirm/s3cr3t-T0ken_value-0123456789/"
TERMINAL = "core.mail.TerminalEmailBackend"


@pytest.fixture
def worker_stdout(monkeypatch, caplog):
    """``sys.stdout`` as a Celery worker has it: each write a log line."""
    caplog.set_level(logging.WARNING, logger="celery.redirected")
    monkeypatch.setattr(
        sys, "stdout", LoggingProxy(logging.getLogger("celery.redirected"))
    )


def _send(backend: str) -> None:
    EmailMessage(
        "Confirm",
        f"Follow {LINK}",
        to=["a@example.com"],
        connection=get_connection(backend),
    ).send()


def test_the_terminal_shows_the_email_as_sent(worker_stdout, capfd, caplog):
    _send(TERMINAL)
    printed = capfd.readouterr().out
    assert LINK in printed
    assert "Subject: Confirm" in printed
    assert MASK not in printed
    assert not caplog.records  # nothing of it in the log


def _email_backend(settings_module: str, **env) -> str:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "EMAIL_URL"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_only_the_local_settings_print_emails_to_the_terminal():
    assert _email_backend("trainer.settings.local") == TERMINAL
    assert (
        _email_backend("trainer.settings.local", EMAIL_URL="smtp://mail.example.com")
        == "django.core.mail.backends.smtp.EmailBackend"
    )
    production = _email_backend(
        "trainer.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="coach.example.com",
    )
    assert production != TERMINAL
