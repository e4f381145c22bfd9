from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.http import read_only
from outbox.health import health_check


@never_cache
@read_only
def health(request):
    """For a monitor: whether the database, the cache, the broker, the worker (its
    heartbeat) and the outbox (its oldest due email) work, as JSON, 200 when all do
    and 503 when any does not. Public: it says states and ages, nothing else."""
    report = health_check()
    return JsonResponse(report.as_json(), status=200 if report.ok else 503)
