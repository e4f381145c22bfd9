from django.core.management.base import BaseCommand

from notifications.keys import keys_generate


class Command(BaseCommand):
    help = (
        "Print a new pair of VAPID keys as environment variables, to add to .env "
        "(or the server's environment) to turn on push notifications."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--subject",
            default="mailto:coach@example.com",
            help="How push services may reach the site's operator (mailto: or https:)",
        )

    def handle(self, *args, subject: str, **options):
        public, private = keys_generate()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"VAPID_SUBJECT={subject}")
