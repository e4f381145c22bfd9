from django.apps import AppConfig


class ProgrammingConfig(AppConfig):
    name = "programming"
    verbose_name = "Programming"
