"""Run beside a loaded server: ``COUNT`` of the trainer's clients change every
``EVERY`` seconds (each a write to their own row, which gives them a new revision),
as in a busy gym. Runs until stopped. Usage: ``churn.py TRAINER_EMAIL``."""

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from django.db.models.functions import Now  # noqa: E402

from clients.models import Client  # noqa: E402

COUNT = 25
EVERY = 0.1


def main(email: str) -> None:
    pks = list(Client.objects.filter(trainer__email=email).values_list("pk", flat=True))
    print("ready", flush=True)
    while True:
        start = time.monotonic()
        changed = random.sample(pks, min(COUNT, len(pks)))
        Client.objects.filter(pk__in=changed).update(updated_at=Now())
        time.sleep(max(0.0, EVERY - (time.monotonic() - start)))


if __name__ == "__main__":
    main(sys.argv[1])
