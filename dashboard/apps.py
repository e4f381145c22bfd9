from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, pre_migrate


class DashboardConfig(AppConfig):
    """The pages that show several apps at once, composed from above so that no app
    imports one built on it: the trainer's dashboard, the client page and "My
    program"."""

    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self) -> None:
        from dashboard import revisions

        # Sent once per app with models, which this one is not: once, as the
        # clients app's.
        clients = apps.get_app_config("clients")
        pre_migrate.connect(revisions.uninstall_on_sqlite, sender=clients)
        post_migrate.connect(revisions.install, sender=clients)
