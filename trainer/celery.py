"""The Celery app: configured from Django settings (``CELERY_*``), tasks discovered in
each installed app's ``tasks.py``, periodic work in ``CELERY_BEAT_SCHEDULE``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")

app = Celery("trainer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
