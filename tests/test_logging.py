"""No token in any log line: the links that are keys (calendar feeds, newsletter
confirmation and unsubscribe links, password-reset links) are masked in Django's
logs, its error reports and gunicorn's access log, read here as written."""

import contextlib
import io
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.services import user_password_url
from core.logs import MASK, MaskingExceptionReporter, MaskSecrets, mask
from newsletter.tokens import confirm_token, unsubscribe_token
from outbox.reports import GATHER, error_report_sweep
from scheduling.services import calendar_feed_reset
from tests.conftest import database_url
from tests.factories import SubscriberFactory, TrainerFactory
from tests.faults.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cr3t-T0ken_value-0123456789"  # shaped like the app's tokens


def routes(patterns=None, namespace=""):
    """(name, converters) of every route of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def token_routes() -> list[tuple[str, dict[str, str]]]:
    """Every route that takes a token, with arguments to reverse it."""
    found = []
    for name, converters in routes():
        if "token" in converters:
            kwargs = {key: "MQ" if key == "uidb64" else SECRET for key in converters}
            found.append((name, kwargs))
    return found


def test_every_link_that_carries_a_token_is_masked():
    names = {name for name, _ in token_routes()}
    assert {
        "scheduling:calendar_feed",
        "newsletter:confirm",
        "newsletter:unsubscribe",
        "password_reset_confirm",
        "booking:booking_confirm",
    } <= names
    for name, kwargs in token_routes():
        path = reverse(name, kwargs=kwargs)
        line = f'127.0.0.1 "GET http://coach.example.com{path}?x=1 HTTP/1.1" 200'
        assert SECRET not in mask(line), name
        assert MASK in mask(line), name


def test_what_is_not_a_secret_stays_readable():
    assert mask("/accounts/reset/MQ/set-password/") == (
        "/accounts/reset/MQ/set-password/"
    )
    assert mask("GET /clients/12/ 200") == "GET /clients/12/ 200"
    assert mask("/calendar/") == "/calendar/"
    assert mask("/book/details/") == "/book/details/"
    assert mask("GET /my/book/?week=2 200") == "GET /my/book/?week=2 200"
    assert mask("/unsubscribe?token=abc&page=2") == (
        f"/unsubscribe?token={MASK}&page=2"
    )


@pytest.fixture
def console():
    """What the configured console handler writes, as it writes it."""
    [handler] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskSecrets) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_warnings_about_bad_links_show_no_token(client, console):
    assert client.get(f"/calendar/{SECRET}.ics").status_code == 404
    assert client.get(f"/newsletter/confirm/{SECRET}/").status_code == 400
    assert client.post(f"/newsletter/unsubscribe/{SECRET}/").status_code == 400
    written = console.getvalue()
    assert f"/calendar/{MASK}.ics" in written
    assert f"/newsletter/confirm/{MASK}/" in written
    assert f"/newsletter/unsubscribe/{MASK}/" in written
    assert SECRET not in written


@pytest.mark.django_db
def test_a_refused_page_is_one_line_without_a_traceback(client, console):
    """A 403 is the access rules doing their job, not an error to debug."""
    client.force_login(TrainerFactory())
    assert client.get(reverse("dashboard:my_program")).status_code == 403
    written = console.getvalue()
    assert written.count("Forbidden (Permission denied): /my/program/") == 1
    assert "Traceback" not in written
    assert "PermissionDenied" not in written


def test_a_server_error_keeps_its_traceback(console):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x/", exc_info=True, extra={"status_code": 500}
        )
    assert "Traceback" in console.getvalue()


def test_a_traceback_that_names_a_token_is_masked(console):
    try:
        raise ValueError(f"cannot read /calendar/{SECRET}.ics")
    except ValueError:
        logging.getLogger("tests").exception("Feed failed")
    written = console.getvalue()
    assert "Traceback" in written
    assert SECRET not in written


@pytest.mark.django_db
def test_the_error_email_to_the_admins_shows_no_token(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Owner", "owner@example.com")]
    request = RequestFactory().get(f"/calendar/{SECRET}.ics")
    try:
        raise RuntimeError(f"the feed /calendar/{SECRET}.ics broke")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    with django_capture_on_commit_callbacks(execute=True):
        error_report_sweep(now=timezone.now() + GATHER)
    [email] = mailoutbox
    assert f"/calendar/{MASK}.ics" in email.body
    assert SECRET not in email.subject
    assert SECRET not in email.body


def test_the_error_report_masks_the_requests_url():
    request = RequestFactory().get(f"/newsletter/confirm/{SECRET}/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = MaskingExceptionReporter(request, *sys.exc_info())
    assert SECRET not in reporter.get_traceback_text()
    assert SECRET not in reporter.get_traceback_html()


# --- gunicorn, as the Procfile runs it ------------------------------------------------


def procfile_command(process: str) -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{process}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {process} in the Procfile")


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Web:
    """The Procfile's web process on the test database."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "trainer.settings.test",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        with log.open("w") as out:
            self.process = subprocess.Popen(
                ["bash", "-c", f"exec {procfile_command('web')}"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if fetch(f"{self.base}/up/") == 200:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> str:
        """Stop it; what it wrote."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        return self.log.read_text()


@pytest.fixture
def web(postgres, transactional_db, tmp_path):
    server = Web(tmp_path / "web.log")
    server.wait_until_up()
    yield server
    server.stop()


@pytest.mark.services
def test_the_web_servers_logs_show_no_token(web):
    trainer = TrainerFactory()
    feed = calendar_feed_reset(user=trainer)
    subscriber = SubscriberFactory()
    confirm = confirm_token(subscriber=subscriber)
    unsubscribe = unsubscribe_token(subscriber=subscriber)
    reset_path = urlsplit(user_password_url(user=trainer)).path
    reset = reset_path.rstrip("/").rsplit("/", 1)[-1]

    assert fetch(f"{web.base}/calendar/{feed.token}.ics") == 200
    assert fetch(f"{web.base}/calendar/{SECRET}.ics") == 404
    assert fetch(f"{web.base}/newsletter/unsubscribe/{unsubscribe}/") == 200
    assert fetch(f"{web.base}/newsletter/confirm/{confirm}/") == 200
    assert fetch(f"{web.base}/newsletter/confirm/{SECRET}/") == 400
    assert fetch(f"{web.base}{reset_path}") == 200  # via the set-password page

    written = web.stop()
    # The lines were written (access log, and Django's warnings)...
    assert f'"GET /calendar/{MASK}.ics HTTP/1.1" 200' in written
    assert f'"GET /calendar/{MASK}.ics HTTP/1.1" 404' in written
    assert f"Not Found: /calendar/{MASK}.ics" in written
    assert f"Bad Request: /newsletter/confirm/{MASK}/" in written
    assert f"/accounts/reset/{reset_path.split('/')[3]}/{MASK}/" in written
    # ...and not one of them shows a token.
    for token in [feed.token, SECRET, confirm, unsubscribe, reset]:
        assert token not in written
