"""A dead worker comes back by itself: the worker runs under supervisord with the
supervision options the app ships (deploy/supervisord.conf), its main process is
killed with SIGKILL, and the emails queued after the kill reach the SMTP server
within a minute, with no one restarting anything."""

import configparser
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.health import health_check
from outbox.models import Heartbeat
from tests.conftest import database_url
from tests.factories import TrainerFactory
from tests.faults.conftest import ROOT, _purge, settled, tally, wait_until, web_broker
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SHIPPED = ROOT / "deploy" / "supervisord.conf"
BIN = Path(sys.executable).parent
# What the issue asks of a dead worker: emails flow again within a minute.
WITHIN = 60.0
# Options of the shipped program this test replaces: what to run, and where.
OWN_OPTIONS = {"command", "directory", "stdout_logfile"}


def shipped_worker_options() -> dict[str, str]:
    """The shipped worker's supervision options (restart, stop, signals)."""
    parser = configparser.RawConfigParser(inline_comment_prefixes=None)
    parser.read(SHIPPED)
    options = dict(parser.items("program:worker"))
    assert options["autorestart"] == "true"
    return {key: value for key, value in options.items() if key not in OWN_OPTIONS}


@dataclass
class Supervised:
    process: subprocess.Popen
    config: Path
    log: Path
    killed: list[int] = field(default_factory=list)

    def ctl(self, *args: str) -> str:
        result = subprocess.run(
            [BIN / "supervisorctl", "-c", self.config, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.stdout.strip()

    def worker_pid(self) -> int | None:
        said = self.ctl("pid", "worker")
        return int(said) if said.isdigit() and said != "0" else None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, times: int, timeout: float) -> bool:
        return wait_until(lambda: self.output().count(" ready.") >= times, timeout)


@pytest.fixture
def supervised_worker(
    redis_url, postgres, transactional_db, smtp_server, tmp_path
) -> Iterator[Supervised]:
    """supervisord running the fault suite's worker (with beat) under the shipped
    worker's options; everything it started is stopped at the end."""
    if urlsplit(database_url()).scheme != "postgres":  # pragma: no cover
        pytest.skip("the fault suite needs PostgreSQL")
    _purge(redis_url)
    log = tmp_path / "worker.log"
    program = "\n".join(f"{k}={v}" for k, v in shipped_worker_options().items())
    config = tmp_path / "supervisord.conf"
    config.write_text(
        f"""[supervisord]
logfile={tmp_path}/supervisord.log
pidfile={tmp_path}/supervisord.pid
childlogdir={tmp_path}
directory={ROOT}
nodaemon=true

[unix_http_server]
file={tmp_path}/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{tmp_path}/supervisor.sock

[program:worker]
command={sys.executable} -m tests.faults.worker {tmp_path}/beat-schedule
directory={ROOT}
stdout_logfile={log}
{program}
"""
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_SOFT_TIME_LIMIT": "6",
        "CELERY_TASK_TIME_LIMIT": "8",
        "FAULT_SMTP_PORT": str(smtp_server.port),
        "FAULT_SWEEP_SECONDS": "1",
    }
    process = subprocess.Popen(
        [BIN / "supervisord", "-c", config],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    supervised = Supervised(process=process, config=config, log=log)
    try:
        if not supervised.wait_ready(1, timeout=90):
            pytest.fail(f"the worker did not start:\n{supervised.output()[-3000:]}")
        yield supervised
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        # What a killed worker left behind: its pool process and its beat.
        for group in supervised.killed:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        _purge(redis_url)


def test_a_worker_killed_with_sigkill_is_restarted_and_sends_what_came_after(
    smtp_server, supervised_worker, client, redis_url
):
    first = supervised_worker.worker_pid()
    assert first is not None
    supervised_worker.killed.append(first)
    killed_at = timezone.now()
    started = time.monotonic()
    os.kill(first, signal.SIGKILL)  # the main process only, as the OOM killer does

    # Queued after the kill: password resets sent to the broker by the web side,
    # and reminders that beat's sweep finds due.
    trainers = TrainerFactory.create_batch(5)
    with web_broker(redis_url):
        for trainer in trainers:
            response = client.post(reverse("password_reset"), {"email": trainer.email})
            assert response.status_code == 302
    bulk_due_sessions(20, now=timezone.now())
    expected = 20 + len(trainers)

    assert wait_until(settled(expected), timeout=120), supervised_worker.output()[
        -3000:
    ]
    delivered_after = time.monotonic() - started
    restarted = supervised_worker.worker_pid()
    assert restarted not in {None, first}
    assert (
        "exited: worker (terminated by SIGKILL"
        in (supervised_worker.config.parent / "supervisord.log").read_text()
    )
    numbers = tally(
        f"worker main process kill -9 under supervisord: restarted, every email "
        f"delivered {delivered_after:.1f} s after the kill",
        expected=expected,
        server=smtp_server,
    )
    assert numbers["lost"] == 0, numbers
    assert numbers["duplicated"] == 0, numbers
    assert delivered_after < WITHIN

    # The restarted worker's heartbeat is what the health route reads.
    assert wait_until(
        lambda: Heartbeat.objects.filter(beat_at__gt=killed_at).exists(), timeout=30
    )
    assert health_check().worker_ok
