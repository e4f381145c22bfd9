"""The worker of the sweep benchmark: a real Celery worker (solo pool, so the tasks
run in this process) that counts its database queries and, when it stops, writes them
with its peak memory to ``BENCH_REPORT``."""

import json
import os
import resource
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from celery.signals import worker_shutdown  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from trainer.celery import app  # noqa: E402

queries = 0


def count(execute, sql, params, many, context):
    global queries
    queries += 1
    return execute(sql, params, many, context)


def watch(sender, connection, **kwargs) -> None:
    if count not in connection.execute_wrappers:
        connection.execute_wrappers.append(count)


connection_created.connect(watch)


@worker_shutdown.connect
def report(**kwargs) -> None:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(os.environ["BENCH_REPORT"]).write_text(
        json.dumps({"queries": queries, "peak_mb": peak_kb / 1024})
    )


if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
