from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "trainer.scheduling"
    label = "scheduling"
    verbose_name = "Sessions"
