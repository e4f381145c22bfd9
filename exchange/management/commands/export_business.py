from pathlib import Path

from django.core.management.base import BaseCommand

from exchange.archive import archive_write
from exchange.services.exports import business_tables


class Command(BaseCommand):
    help = (
        "Write the whole business (every client, trainer, program, workout, ...) to "
        "one zip of JSON and CSV files, as the owner's export does."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the zip to write")

    def handle(self, *args, path: Path, **options):
        rows = archive_write(path, kind="business", tables=business_tables())
        self.stdout.write(f"Wrote {sum(rows.values()):,} rows to {path}.")
