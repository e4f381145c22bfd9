from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that show several apps at once, composed from above so that no app
    imports one built on it: the trainer's dashboard, the client page and "My
    program"."""

    name = "dashboard"
    verbose_name = "Dashboard"
