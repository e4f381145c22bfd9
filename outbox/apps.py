from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    label = "outbox"
    verbose_name = "Email outbox"

    def ready(self) -> None:
        from outbox import checks  # noqa: F401  (registers the checks)
