from django.apps import AppConfig


class BrandConfig(AppConfig):
    """The coach's brand: one row of settings the owner edits in the admin, which
    every page, email and printout reads."""

    name = "brand"
    verbose_name = "Your brand"
