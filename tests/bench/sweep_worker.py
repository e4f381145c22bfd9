"""The worker of the sweep benchmark: a real Celery worker (prefork, as production
runs it, with ``--concurrency`` from the command line) whose pool processes count
their database queries. After each task a pool process writes its count, its CPU
seconds and its peak memory to ``BENCH_REPORT/<pid>.json``."""

import json
import os
import resource
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from celery.signals import task_postrun  # noqa: E402
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


@task_postrun.connect
def report(**kwargs) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    path = Path(os.environ["BENCH_REPORT"]) / f"{os.getpid()}.json"
    path.write_text(
        json.dumps(
            {
                "queries": queries,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            sys.argv[1] if len(sys.argv) > 1 else "1",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
