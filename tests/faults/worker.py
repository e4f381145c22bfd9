"""A Celery worker with its beat, in a process of its own so that a test can kill it
with SIGKILL: the test settings, with mail to the SMTP server on ``FAULT_SMTP_PORT``,
the database and broker from the environment as in production, the time limits from
``CELERY_TASK_SOFT_TIME_LIMIT`` and ``CELERY_TASK_TIME_LIMIT``, both sweeps and the
heartbeat run by beat every ``FAULT_SWEEP_SECONDS`` (no beat with ``FAULT_BEAT=0``).
Its pool processes (``FAULT_CONCURRENCY``, one by default) greet the SMTP server each
with a name of its own, ``worker-<pid>``, so that the server can tell who sent what."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.test")
django.setup()

from celery.signals import worker_process_init  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.mail.utils import DNS_NAME  # noqa: E402

from trainer.celery import app  # noqa: E402


@worker_process_init.connect
def greet_by_pid(**kwargs) -> None:
    DNS_NAME._fqdn = f"worker-{os.getpid()}"


settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(os.environ["FAULT_SMTP_PORT"])
settings.EMAIL_TIMEOUT = 10

every = float(os.environ.get("FAULT_SWEEP_SECONDS", "1"))
app.conf.update(
    task_always_eager=False,
    beat_schedule={
        "outbox-sweep": {"task": "outbox.tasks.outbox_sweep_task", "schedule": every},
        "session-reminders": {
            "task": "scheduling.tasks.reminder_sweep_task",
            "schedule": every,
        },
        "worker-heartbeat": {
            "task": "outbox.tasks.heartbeat_record_task",
            "schedule": every,
        },
    },
)

if __name__ == "__main__":
    beat = ["--beat", "--schedule", sys.argv[1]]
    app.worker_main(
        [
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            os.environ.get("FAULT_CONCURRENCY", "1"),
            *(beat if os.environ.get("FAULT_BEAT", "1") == "1" else []),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
