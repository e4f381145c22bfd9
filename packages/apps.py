from django.apps import AppConfig


class PackagesConfig(AppConfig):
    name = "packages"
    label = "packages"
    verbose_name = "Packages and credits"
