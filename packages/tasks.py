from celery import shared_task
from django.utils import timezone

from packages.services import credits_expire_due


@shared_task
def credits_expire_task() -> int:
    """Hourly (beat): write off the unused credits of purchases past their validity.
    Idempotent: each purchase is swept once, under its client's lock."""
    return credits_expire_due(now=timezone.now())
