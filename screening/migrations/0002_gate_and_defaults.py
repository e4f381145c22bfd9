"""The first questions and consent wording, and the gate's switch: off on an install
that already has clients (so that nobody is locked out the day the gate arrives; the
owner switches it on), on for a new install."""

from django.db import migrations
from django.utils import timezone

from screening import defaults


def forward(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    GateSwitch = apps.get_model("screening", "GateSwitch")
    Questionnaire = apps.get_model("screening", "Questionnaire")
    Wording = apps.get_model("screening", "Wording")
    now = timezone.now()
    if Client.objects.exists():
        GateSwitch.objects.update_or_create(pk=1, defaults={"is_on": False})
    Questionnaire.objects.get_or_create(
        version=1,
        defaults={
            "title": defaults.TITLE,
            "based_on": defaults.BASED_ON,
            "questions": defaults.QUESTIONS,
            "temporary": defaults.TEMPORARY,
            "published_at": now,
        },
    )
    Wording.objects.get_or_create(
        kind="consent",
        version=1,
        defaults={
            "title": defaults.CONSENT_TITLE,
            "body": defaults.CONSENT_BODY,
            "published_at": now,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_initial"),
        ("clients", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
