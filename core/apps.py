from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Building blocks every app may use: the timestamped model, view decorators,
    form helpers, the per-IP rate limit and the site's health check. It imports no
    other app of the project."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import (
            checks,  # noqa: F401 - registers the rate limits' checks
            images,  # noqa: F401 - bounds Pillow's pixels in every process
        )
