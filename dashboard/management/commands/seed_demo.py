"""``python manage.py seed_demo``: the demo users and clients, and whatever each app's
``demo.py`` adds. Idempotent: running it again changes nothing that is already there.
Run by hand or by ``make run``, never by a migration."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create (or complete) the demo data. Safe to run more than once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clients",
            type=int,
            default=0,
            help="Extra clients to create for each trainer, for measuring at size.",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            default=0,
            help="Extra sessions to create, all due for a reminder, for measuring "
            "the reminder sweep.",
        )

    def handle(self, *args, **options) -> None:
        for option in ("clients", "sessions"):
            if options[option] < 0:
                self.stderr.write(f"--{option} must be 0 or more.")
                raise SystemExit(2)
        self.verbosity = options["verbosity"]
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is not None:
                    import_module(module_name).seed(options=options, log=self.log)
        self.log(f"Demo data ready. Every demo login uses the password {DEMO_PASSWORD}")

    def log(self, line: str) -> None:
        if self.verbosity:
            self.stdout.write(line)
