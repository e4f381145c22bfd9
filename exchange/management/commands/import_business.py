from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exchange.services import business_load


class Command(BaseCommand):
    help = (
        "Load a whole-business export into this database, replacing what it holds, "
        "in one transaction: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the export's zip")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete everything this database holds (e.g. the demo) first",
        )

    def handle(self, *args, path: Path, replace: bool, **options):
        try:
            rows = business_load(path=path, replace=replace)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for label, count in rows.items():
            self.stdout.write(f"{label:32} {count:>9,}")
        self.stdout.write(f"Loaded {sum(rows.values()):,} rows from {path}.")
