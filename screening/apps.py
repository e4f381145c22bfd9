from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    label = "screening"
    verbose_name = "Health screening and waivers"
