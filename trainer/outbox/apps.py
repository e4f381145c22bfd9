from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "trainer.outbox"
    label = "outbox"
    verbose_name = "Email outbox"
