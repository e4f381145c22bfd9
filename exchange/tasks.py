from celery import shared_task

from exchange.services import export_build, export_sweep

# A business's whole history takes longer to write than an email to send.
EXPORT_SOFT_TIME_LIMIT = 15 * 60


@shared_task(
    soft_time_limit=EXPORT_SOFT_TIME_LIMIT, time_limit=EXPORT_SOFT_TIME_LIMIT + 60
)
def export_build_task(export_id: int) -> str | None:
    """Build one export's zip and email its link. Idempotent: the export is claimed
    with a conditional UPDATE, so a redelivered task builds nothing twice."""
    export = export_build(export_id=export_id)
    return export and export.status


@shared_task
def export_sweep_task() -> int:
    """Hourly (beat): delete the exports kept long enough."""
    return export_sweep()
