"""``make bench``: pages, the reminder sweep and start-up, measured.

Seeds a scratch database at each size with ``seed_demo``, serves it with gunicorn on
loopback, loads each page with several concurrent connections (wrk where installed,
else locust) and prints one table, also written as Markdown to ``bench-results.md``.
Throughput is reported as a ratio to a bare page (the site's frame, no data) measured
in the same run: ratios travel between machines, absolute numbers do not.

Uses PostgreSQL when ``DATABASE_URL`` names one (scratch databases beside it), SQLite
under ``var/bench/`` otherwise; the reminder sweep needs ``REDIS_URL`` too.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.slots import bench_slots

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RESULTS = ROOT / "bench-results.md"
SCRATCH = ROOT / "var" / "bench"


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trainer.settings.local",
        "DJANGO_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def scratch_database(label: str) -> str:
    """A fresh, empty database for one size; its URL."""
    server = postgres_url()
    if server is None:
        SCRATCH.mkdir(parents=True, exist_ok=True)
        path = SCRATCH / f"{label}.sqlite3"
        for leftover in SCRATCH.glob(f"{label}.sqlite3*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    import psycopg

    # Named after the database configured, so that two checkouts on one server
    # measure apart.
    configured = urlsplit(server).path.strip("/") or "coach"
    name = f"{configured}_bench_{label}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def wait_for_200(url: str, timeout: float) -> float | None:
    """Seconds until ``url`` answers 200, or None."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    return None


class Server:
    """gunicorn on loopback, as in production, for one database."""

    def __init__(self, env: dict[str, str], workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "trainer.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )

    def __enter__(self) -> "Server":
        if wait_for_200(self.url + "/up/", timeout=60) is None:
            self.process.kill()
            raise SystemExit("gunicorn did not start")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def load_wrk(url: str, cookie: str, seconds: int, connections: int) -> float:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_locust(url: str, cookie: str, seconds: int, connections: int) -> float:
    parts = urlsplit(url)
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).parent / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--loglevel",
                "ERROR",
                "-u",
                str(connections),
                "-r",
                str(connections),
                "-t",
                f"{seconds}s",
                "--host",
                f"{parts.scheme}://{parts.netloc}",
                "--csv",
                str(prefix),
            ],
            env={**os.environ, "BENCH_PATH": parts.path, "BENCH_COOKIE": cookie},
            capture_output=True,
            check=True,
        )
        rows = (prefix.parent / "run_stats.csv").read_text().splitlines()
    header = rows[0].split(",")
    total = dict(zip(header, rows[-1].split(","), strict=False))
    if int(total["Failure Count"]):
        raise SystemExit(f"{url} answered errors under load")
    return float(total["Requests/s"])


def load(url: str, cookie: str, seconds: int, connections: int) -> float:
    tool = load_wrk if shutil.which("wrk") else load_locust
    return tool(url, cookie, seconds, connections)


HISTORY = {"client@example.com": 10, "client2@example.com": 1000}
CHURN = [PYTHON, "-m", "tests.bench.churn", "coach@example.com"]


def seed_pages(size: int) -> tuple[dict[str, str], dict]:
    """A scratch database of ``size`` clients per trainer, the demo's two clients
    with a login given a short and a long history; the probe's pages and write."""
    env = base_env(DATABASE_URL=scratch_database(f"pages_{size}"))
    log(f"pages: seeding {size} clients per trainer")
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("seed_demo", "--clients", str(size), "-v", "0", env=env)
    for email, count in HISTORY.items():
        subprocess.run(
            [PYTHON, "-m", "tests.bench.history", email, str(count)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    # As autovacuum would soon after: the planner sees the tables as they are.
    manage("shell", "-c", ANALYZE, env=env)
    probe = json.loads(manage("shell", "-c", PROBE, env=env).strip().splitlines()[-1])
    return env, probe


ANALYZE = """
from django.db import connection
if connection.vendor == "postgresql":
    connection.cursor().execute("ANALYZE")
"""


class Churn:
    """``tests.bench.churn`` in a process of its own while a page is loaded."""

    def __init__(self, env: dict[str, str]):
        self.env = env

    def __enter__(self) -> "Churn":
        self.process = subprocess.Popen(
            CHURN, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, text=True
        )
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit("the churn did not start")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def bench_pages(
    sizes: list[int], seconds: int, connections: int, workers: int, rounds: int
) -> tuple[list, list]:
    """Queries at every size; at the largest, each page loaded in ``rounds``
    interleaved rounds, each round with its own bare page logged in to divide by:
    warm, cold (every fragment missing) and, for the composed pages, under churn.
    The ratios reported are each page's median over the rounds."""
    queries, rows = [], []
    for size in sizes:
        env, probe = seed_pages(size)
        queries.append({"size": size, **probe})
        for page in probe["pages"]:
            log(f"  {page['name']}: {page['queries']} queries")
        write = probe["write"]
        log(
            f"  workout save: {write['ms']:.0f} ms, {write['queries']} queries "
            f"(bare page {write['bare_ms']:.1f} ms)"
        )
    if not queries:
        return queries, rows
    pages = queries[-1]["pages"]
    cold_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.bench.cold_settings"}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with Server(env, workers) as warm, Server(cold_env, workers) as cold:
        for number in range(1, rounds + 1):
            bare_in = None
            for page in pages:
                modes = [("warm", warm, False)]
                if page["composed"]:
                    modes += [("cold", cold, False), ("churn", warm, True)]
                for mode, server, churn in modes:
                    url = server.url + page["path"]
                    if churn:
                        with Churn(env):
                            rate = load(url, page["cookie"], seconds, connections)
                    else:
                        rate = load(url, page["cookie"], seconds, connections)
                    if page["name"] == "bare page, logged in":
                        bare_in = rate
                    samples.setdefault((page["name"], mode), []).append(
                        (rate, rate / bare_in if bare_in else 0)
                    )
            log(f"  round {number} of {rounds} done")
    for page in pages:
        for mode in ("warm", "cold", "churn"):
            found = samples.get((page["name"], mode))
            if not found:
                continue
            rows.append(
                {
                    "size": queries[-1]["size"],
                    "name": page["name"],
                    "caches": mode,
                    "queries": page["queries"],
                    "rps": statistics.median(rate for rate, _ in found),
                    "ratio_in": statistics.median(ratio for _, ratio in found),
                    "ratios": [ratio for _, ratio in found],
                }
            )
            log(
                f"  {page['name']} ({mode}): {rows[-1]['rps']:.0f} req/s, "
                f"{rows[-1]['ratio_in']:.3f} of the bare page logged in"
            )
    return queries, rows


PROBE = "import runpy; runpy.run_module('tests.bench.probe', run_name='__main__')"

SWEEP_START = """
from trainer.celery import app
from scheduling.tasks import reminder_sweep_task
app.control.purge()
reminder_sweep_task.delay()
"""

SWEEP_PROGRESS = """
import json
from django.db.models import Max, Min
from outbox.models import Email
sent = Email.objects.filter(key__startswith="session-reminder:", status="sent")
span = sent.aggregate(first=Min("created_at"), last=Max("sent_at"))
seconds = (span["last"] - span["first"]).total_seconds() if span["last"] else 0
print(json.dumps({"sent": sent.count(), "seconds": seconds}))
"""

# Between two runs on one seeded database: no reminder sent, no email written.
SWEEP_RESET = """
from outbox.models import Email
from scheduling.models import Session
Email.objects.all().delete()
Session.objects.update(reminded_24h_sequence=None, reminded_2h_sequence=None)
from django.utils import timezone
print(Session.objects.due_for_reminder(timezone.now()).count())
"""


def broker_for(label: str) -> str:
    """Redis when configured (production's broker), else the file broker."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    return "filesystem://"


class Sink:
    """The SMTP sink (``tests.bench.smtp_sink``) in a process of its own."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.report = folder / "sink.json"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "tests.bench.smtp_sink", str(self.port), str(self.report)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit("the SMTP sink did not start")

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        return json.loads(self.report.read_text())


SENT_SQL = "SELECT count(*) FROM outbox_email WHERE status = 'sent' AND key LIKE "


class Progress:
    """Counts the emails sent whose keys start with ``prefix``, with one SQL query on
    one connection: a ``manage.py shell`` a second would take most of a core from
    what is measured."""

    def __init__(self, env: dict[str, str], prefix: str):
        url = env["DATABASE_URL"]
        self.pattern = prefix + "%"
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            self.connection = psycopg.connect(url, autocommit=True)
            self.query = SENT_SQL + "%s"
        else:
            import sqlite3

            path = urlsplit(url).path
            self.connection = sqlite3.connect(path[1:] if path[:2] == "//" else path)
            self.query = SENT_SQL + "?"

    def sent(self) -> int:
        return self.connection.execute(self.query, (self.pattern,)).fetchone()[0]

    def close(self) -> None:
        self.connection.close()


def sweep_once(env: dict[str, str], due: int, processes: int) -> dict:
    """One sweep of ``due`` reminders by a prefork worker of ``processes`` pool
    processes, delivering to a local SMTP sink; with the CPU seconds spent by the
    pool processes and by the sink."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sink = Sink(folder)
        worker_env = {
            **env,
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "BENCH_REPORT": str(folder),
        }
        worker = subprocess.Popen(
            [PYTHON, "-m", "tests.bench.sweep_worker", str(processes)],
            cwd=ROOT,
            env=worker_env,
        )
        progress = Progress(env, "session-reminder:")
        try:
            time.sleep(3)  # the pool processes start
            manage("shell", "-c", SWEEP_START, env=env)
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and progress.sent() < due:
                time.sleep(0.25)
        finally:
            progress.close()
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            received = sink.stop()
        pools = [json.loads(path.read_text()) for path in folder.glob("[0-9]*.json")]
    result = json.loads(manage("shell", "-c", SWEEP_PROGRESS, env=env).splitlines()[-1])
    sent = result["sent"]

    def per_email(seconds: float) -> float:
        return seconds * 1000 / max(sent, 1)

    return {
        "processes": processes,
        "sessions": due,
        "sent": sent,
        "received": received["received"],
        "duplicated": received["received"] - received["distinct"],
        "connections": received["connections"],
        "busy": sum(1 for pool in pools if pool["queries"]),
        "per_second": sent / result["seconds"] if result["seconds"] else 0,
        "queries_per_1000": sum(p["queries"] for p in pools) * 1000 / max(sent, 1),
        "peak_mb": max((p["peak_mb"] for p in pools), default=0),
        "cpu_ms": {
            "worker": per_email(sum(p["cpu"] for p in pools)),
            "sink": per_email(received["cpu"]),
        },
        "load": uptime(),
    }


def bench_sweep(sizes: list[int], processes: list[int]) -> list:
    """The reminder sweep at a real SMTP sink, by a prefork worker with each number
    of pool processes in turn, on one seeded database reset between runs."""
    rows = []
    for size in sizes:
        env = base_env(
            DATABASE_URL=scratch_database(f"sweep_{size}"),
            CELERY_BROKER_URL=broker_for(f"sweep_{size}"),
        )
        log(f"sweep: seeding {size:,} due sessions")
        manage("migrate", "--no-input", "-v", "0", env=env)
        manage("seed_demo", "--sessions", str(size), "-v", "0", env=env)
        for count in processes:
            # The demo's own sessions may be due too: they are swept with the rest.
            due = int(manage("shell", "-c", SWEEP_RESET, env=env).split()[-1])
            rows.append(sweep_once(env, due, count))
            row = rows[-1]
            cpu = ", ".join(f"{part} {ms:.1f}" for part, ms in row["cpu_ms"].items())
            log(
                f"  {row['sent']:,} reminders with {count} process(es): "
                f"{row['per_second']:.0f}/s, {row['queries_per_1000']:.0f} queries "
                f"per 1,000, {row['busy']} process(es) busy; CPU ms per email: "
                f"{cpu}; load {row['load']}"
            )
    return rows


NEWSLETTER_SEED = """
import json, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from letters.models import Issue
from letters.services import issue_queue
from newsletter.models import Subscriber
from outbox.models import Email
Email.objects.all().delete()
Issue.objects.all().delete()
Subscriber.objects.all().delete()
now = timezone.now()
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{n}@example.com", status="confirmed", confirmed_at=now)
    for n in range(COUNT)
)
issue = Issue.objects.create(
    subject="The hip hinge", body="Push the **hips** back.\\n\\n- Brace\\n- Hinge",
    status="scheduled", send_at=now,
)
start = time.perf_counter()
with CaptureQueriesContext(connection) as queries:
    queued = issue_queue(issue_id=issue.pk)
print(json.dumps({"queued": queued, "seconds": time.perf_counter() - start,
                  "queries": len(queries)}))
"""

NEWSLETTER_PROGRESS = """
import json
from django.db.models import Max, Min
from outbox.models import Email
sent = Email.objects.filter(key__startswith="letter:", status="sent")
span = sent.aggregate(first=Min("created_at"), last=Max("sent_at"))
seconds = (span["last"] - span["first"]).total_seconds() if span["last"] else 0
print(json.dumps({"sent": sent.count(), "seconds": seconds}))
"""


def bench_newsletter(count: int, processes: int) -> dict:
    """An issue to ``count`` confirmed subscribers: queued in one bulk operation
    (timed, queries counted), then sent by a prefork worker of ``processes`` pool
    processes to a local SMTP sink, at whatever ``OUTBOX_RATE`` says."""
    env = base_env(
        DATABASE_URL=scratch_database("newsletter"),
        CELERY_BROKER_URL=broker_for("newsletter"),
    )
    manage("migrate", "--no-input", "-v", "0", env=env)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sink = Sink(folder)
        worker = subprocess.Popen(
            [PYTHON, "-m", "tests.bench.sweep_worker", str(processes)],
            cwd=ROOT,
            env={
                **env,
                "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
                "BENCH_REPORT": str(folder),
            },
        )
        try:
            time.sleep(3)
            seed = NEWSLETTER_SEED.replace("COUNT", str(count))
            queued = json.loads(manage("shell", "-c", seed, env=env).splitlines()[-1])
            log(
                f"newsletter: {queued['queued']:,} emails queued in "
                f"{queued['seconds']:.2f} s, {queued['queries']} queries"
            )
            progress = Progress(env, "letter:")
            deadline = time.monotonic() + 900
            while time.monotonic() < deadline and progress.sent() < count:
                time.sleep(0.5)
            progress.close()
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            received = sink.stop()
    output = manage("shell", "-c", NEWSLETTER_PROGRESS, env=env)
    progress = json.loads(output.strip().splitlines()[-1])
    rate = progress["sent"] / progress["seconds"] if progress["seconds"] else 0
    log(f"  sent {progress['sent']:,} at {rate:.0f}/s")
    return {
        **queued,
        "count": count,
        "processes": processes,
        "sent": progress["sent"],
        "per_second": rate,
        "received": received["received"],
        "duplicated": received["received"] - received["distinct"],
    }


EXCHANGE_PROBE = (
    "import runpy; runpy.run_module('tests.bench.exchange_probe', run_name='__main__')"
)


def bench_exchange() -> dict:
    """The export of a client with two years of workouts, and the import of 5,000
    clients, on a fresh database."""
    log("exchange: export of two years, import of 5,000 clients")
    env = base_env(DATABASE_URL=scratch_database("exchange"))
    manage("migrate", "--no-input", env=env)
    result = subprocess.run(
        [PYTHON, "-c", EXCHANGE_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"exchange probe failed:\n{result.stderr}")
    return json.loads(result.stdout)


def bench_startup() -> float | None:
    """Seconds from ``make run`` to the first 200, the environment already built."""
    port = free_port()
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return wait_for_200(f"http://127.0.0.1:{port}/up/", timeout=180)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def uptime() -> str:
    """The machine's load averages (1, 5, 15 minutes) as ``uptime`` prints them."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def markdown(
    queries: list,
    pages: list,
    sweep: list,
    startup: float | None,
    database: str,
    exchange: dict | None = None,
    load_average: tuple[str, str] = ("", ""),
    newsletter: dict | None = None,
) -> str:
    lines = [
        "# Benchmark",
        "",
        f"Database: {database}. Load: {'wrk' if shutil.which('wrk') else 'locust'}. "
        f"Machine load (uptime) before: {load_average[0]}; after: {load_average[1]}.",
        "",
    ]
    if pages:
        size = pages[0]["size"]
        lines += [
            "## Pages",
            "",
            f"At {size} clients per trainer. Each page's requests per second as a "
            "ratio to the bare page logged in (`/up/`: the session, the user and "
            "the frame), "
            "measured just before it in the same round; the median of the rounds, "
            "then each round's. Warm: each client's rows and sections from the cache. "
            "Cold: the fragment cache keeps nothing, so every one is rendered, as on "
            "the first view after a change. Churn: warm, while 25 of the trainer's "
            "clients change every 100 ms. Queries are counted warm.",
            "",
            "| page | caches | queries | req/s | ratio, logged in | each round |",
            "| --- | --- | ---: | ---: | ---: | --- |",
        ]
        for row in pages:
            rounds = ", ".join(f"{r:.2f}" for r in row["ratios"])
            lines.append(
                f"| {row['name']} | {row['caches']} | {row['queries']} "
                f"| {row['rps']:.0f} | {row['ratio_in']:.3f} | {rounds} |"
            )
    if queries:
        sizes = [q["size"] for q in queries]
        lines += [
            "",
            "## Queries per request, warm, by clients per trainer",
            "",
            "| page | " + " | ".join(f"{n:,}" for n in sizes) + " |",
            "| --- |" + " ---: |" * len(sizes),
        ]
        for n, page in enumerate(queries[0]["pages"]):
            counts = [str(q["pages"][n]["queries"]) for q in queries]
            lines.append(f"| {page['name']} | " + " | ".join(counts) + " |")
        lines += [
            "",
            "## A write",
            "",
            "A workout saved from the log page by the client with the long history "
            "(in the process, as the test client posts it): the median of "
            f"{queries[-1]['write']['saves']} saves, beside the bare page logged in.",
            "",
            "| clients per trainer | save | bare page, logged in | ratio | queries |",
            "| ---: | ---: | ---: | ---: | ---: |",
        ]
        for q in queries:
            w = q["write"]
            lines.append(
                f"| {q['size']:,} | {w['ms']:.1f} ms | {w['bare_ms']:.1f} ms "
                f"| {w['ratio_in']:.3f} | {w['queries']} |"
            )
    if sweep:
        # Each run with more processes against the run with one just before it
        # (rounds interleaved, so that both see the same load on the machine).
        single: dict[int, float] = {}
        lines += [
            "",
            "## Reminder sweep",
            "",
            "At a local SMTP sink (aiosmtpd, a process of its own), by a prefork "
            "worker with 1 or more pool processes; reminders/s from the first claim "
            "to the last email marked sent. Ratio: to the run with one process just "
            "before it, at the same size. CPU per email: of the pool processes "
            "and of the sink, in milliseconds (the cores are shared between them, "
            "the database and Redis); load: the machine's load average just after "
            "the run.",
            "",
            "| due sessions | processes | reminders sent | received (copies) "
            "| reminders/s | ratio | queries per 1,000 | SMTP connections "
            "| CPU ms per email: worker, sink | load "
            "| peak memory per process |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- "
            "| ---: |",
        ]
        for row in sweep:
            if row["processes"] == 1:
                single[row["sessions"]] = row["per_second"]
            base = single.get(row["sessions"])
            ratio = f"{row['per_second'] / base:.2f}" if base else ""
            cpu = ", ".join(f"{ms:.1f}" for ms in row["cpu_ms"].values())
            lines.append(
                f"| {row['sessions']:,} | {row['processes']} | {row['sent']:,} "
                f"| {row['received']:,} ({row['duplicated']}) "
                f"| {row['per_second']:.0f} | {ratio} "
                f"| {row['queries_per_1000']:.1f} | {row['connections']:,} "
                f"| {cpu} | {row['load']} | {row['peak_mb']:.0f} MB |"
            )
    if exchange:
        export, imported = exchange["export"], exchange["import"]
        lines += [
            "",
            "## Imports and exports",
            "",
            "| what | size | seconds | queries |",
            "| --- | ---: | ---: | ---: |",
            f"| export of one client, {export['workouts']:,} workouts (two years) "
            f"| {export['rows']:,} rows, {export['size_kb']:,.0f} KB zipped "
            f"| {export['seconds']:.2f} | {export['queries']} |",
            f"| import of {imported['clients']:,} clients: preview "
            f"| {imported['kb']:,.0f} KB of CSV | {imported['preview']:.2f} | |",
            f"| import of {imported['clients']:,} clients: apply "
            f"| {imported['clients']:,} rows | {imported['apply']:.2f} | |",
            f"| the same file again (nothing changes) "
            f"| {imported['clients']:,} rows | {imported['again']:.2f} | |",
        ]
    if newsletter:
        lines += [
            "",
            "## Newsletter issue",
            "",
            "| confirmed subscribers | queued in | queries to queue | processes "
            "| sent | emails/s at the sink | received (copies) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {newsletter['count']:,} | {newsletter['seconds']:.2f} s "
            f"| {newsletter['queries']} | {newsletter['processes']} "
            f"| {newsletter['sent']:,} | {newsletter['per_second']:.0f} "
            f"| {newsletter['received']:,} ({newsletter['duplicated']}) |",
        ]
    lines += [
        "",
        "## Start-up",
        "",
        f"`make run` to the first 200: {startup:.1f} s" if startup else "not measured",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,500")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sweep", default="2000")
    parser.add_argument("--sweep-processes", default="1,2")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-exchange", action="store_true")
    parser.add_argument(
        "--newsletter",
        type=int,
        default=0,
        help="Also send an issue to this many subscribers (e.g. 10000) at the sink.",
    )
    parser.add_argument("--newsletter-processes", type=int, default=2)
    args = parser.parse_args()

    database = (
        "PostgreSQL"
        if postgres_url()
        else ("SQLite (PostgreSQL is the production figure: set DATABASE_URL)")
    )
    before = uptime()
    queries, pages = bench_pages(
        [int(size) for size in args.sizes.split(",") if size],
        args.seconds,
        args.connections,
        args.workers,
        args.rounds,
    )
    sweep = bench_sweep(
        [int(size) for size in args.sweep.split(",") if size],
        [int(count) for count in args.sweep_processes.split(",") if count],
    )
    exchange = None if args.skip_exchange else bench_exchange()
    newsletter = (
        bench_newsletter(args.newsletter, args.newsletter_processes)
        if args.newsletter
        else None
    )
    startup = None if args.skip_startup else bench_startup()
    report = markdown(
        queries,
        pages,
        sweep,
        startup,
        database,
        exchange,
        (before, uptime()),
        newsletter,
    )
    report += bench_slots()  # tests/bench/slots.py: a month of free slots
    RESULTS.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
