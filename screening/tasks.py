from celery import shared_task
from django.utils import timezone

from screening.services import lapse_reminder_sweep


@shared_task
def lapse_reminder_sweep_task() -> int:
    """Email the clients whose screening lapses soon, once per screening, on beat.
    Idempotent: each screening is claimed by a conditional UPDATE before its email
    is written."""
    return lapse_reminder_sweep(now=timezone.now())
