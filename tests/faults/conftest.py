"""The fault suite's parts: a real SMTP server that counts deliveries, real Celery
workers with beat in processes of their own (to be killed with SIGKILL), and a relay
in front of Redis to cut the broker off. Each test states its numbers at the
server; the run ends with them in one table."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from kombu import Connection

from outbox.models import Email
from tests.conftest import database_url
from tests.faults.broker import Relay
from tests.faults.smtp import SmtpServer
from trainer.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
# Each test's numbers travel with its report (from each pytest-xdist process, if
# several ran the suite) to the table at the end.
TALLIED: list[str] = []
RESULTS: list[str] = []
PROPERTY = "fault suite"


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL to the worker, its pool process and beat at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def _purge(broker_url: str) -> None:
    """Tasks left in the queue by an earlier test (or a killed worker) go."""
    with Connection(broker_url, connect_timeout=5) as conn:
        conn.default_channel.queue_purge(celery_app.conf.task_default_queue)


@pytest.fixture
def start_worker(
    redis_url, postgres, transactional_db, smtp_server, tmp_path
) -> Iterator[Callable[..., Worker]]:
    """Start a worker (with beat unless told) on the real services; stopped at the
    end."""
    if urlsplit(database_url()).scheme != "postgres":  # pragma: no cover
        pytest.skip("the fault suite needs PostgreSQL")
    _purge(redis_url)
    workers: list[Worker] = []

    def start(
        *,
        broker_url: str = redis_url,
        soft_time_limit: int = 6,
        time_limit: int = 8,
        sweep_every: float = 1.0,
        concurrency: int = 1,
        beat: bool = True,
    ) -> Worker:
        number = len(workers) + 1
        log = tmp_path / f"worker-{number}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_SOFT_TIME_LIMIT": str(soft_time_limit),
            "CELERY_TASK_TIME_LIMIT": str(time_limit),
            "FAULT_SMTP_PORT": str(smtp_server.port),
            "FAULT_SWEEP_SECONDS": str(sweep_every),
            "FAULT_CONCURRENCY": str(concurrency),
            "FAULT_BEAT": "1" if beat else "0",
        }
        with log.open("w") as out:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.faults.worker",
                    str(tmp_path / f"beat-{number}"),
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(process=process, log=log)
        workers.append(worker)
        deadline = time.monotonic() + 60
        while " ready." not in worker.output():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{worker.output()[-3000:]}")
            time.sleep(0.1)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _purge(redis_url)


@pytest.fixture
def relay(redis_url) -> Iterator[Relay]:
    parts = urlsplit(redis_url)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 6379)
    relay.up()
    yield relay
    relay.down()


@contextmanager
def web_broker(broker_url: str) -> Iterator[None]:
    """This process (the web side) hands tasks to ``broker_url``, not eagerly."""
    keys = ["broker_url", "task_always_eager"]
    previous = {key: celery_app.conf[key] for key in keys}
    eager = django_settings.CELERY_TASK_ALWAYS_EAGER

    def reconnect() -> None:
        # Connections and producers are pooled per app: drop them, as Celery does
        # after a fork, so the next task uses the URL. Not with app.close(), which
        # also drops the app from Celery's active apps: a task module imported later
        # (by a worker a later test starts) would register with no app, and that
        # worker would refuse its tasks as unregistered.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    django_settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False)
    reconnect()
    try:
        yield
    finally:
        celery_app.conf.update(previous)
        django_settings.CELERY_TASK_ALWAYS_EAGER = eager
        reconnect()


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def settled(expected: int) -> Callable[[], bool]:
    """Every email is sent or has failed for good: nothing more will go out."""

    def done() -> bool:
        open_statuses = [Email.Status.PENDING, Email.Status.SENDING]
        return (
            Email.objects.count() >= expected
            and not Email.objects.filter(status__in=open_statuses).exists()
        )

    return done


def tally(fault: str, *, expected: int, server: SmtpServer, failed: int = 0) -> dict:
    """What the SMTP server got, for ``expected`` emails of which ``failed`` were
    refused for good (recorded as failed, not lost)."""
    sink = server.sink
    numbers = {
        "sent": sink.count(),
        "delivered": len(sink.unique()),
        "lost": expected - failed - len(sink.unique()),
        "duplicated": sink.duplicates(),
        "failed": failed,
    }
    TALLIED.append(
        f"{fault}: {expected} emails, {numbers['sent']} received by the server, "
        f"{numbers['delivered']} distinct, {numbers['lost']} lost, "
        f"{numbers['duplicated']} duplicated, {failed} refused and recorded failed"
    )
    return numbers


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    try:
        return (yield)
    finally:
        item.user_properties.extend((PROPERTY, line) for line in TALLIED)
        TALLIED.clear()


def pytest_runtest_logreport(report) -> None:
    if report.when == "call":
        RESULTS.extend(
            line for name, line in report.user_properties if name == PROPERTY
        )


def pytest_terminal_summary(terminalreporter) -> None:
    if RESULTS:
        terminalreporter.section("fault suite, counted at the SMTP server")
        for line in RESULTS:
            terminalreporter.write_line(line)
