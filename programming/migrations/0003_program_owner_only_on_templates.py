"""A client's program belongs to the client's trainer: the program's own copy of the
trainer becomes the owner of a template only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keep_owner_on_templates_only(apps, schema_editor):
    Program = apps.get_model("programming", "Program")
    Program.objects.filter(client__isnull=False).update(owner=None)


def owner_from_client(apps, schema_editor):
    Program = apps.get_model("programming", "Program")
    Client = apps.get_model("clients", "Client")
    trainers = dict(Client.objects.values_list("pk", "trainer_id"))
    for program in Program.objects.filter(client__isnull=False).only("client_id"):
        program.owner_id = trainers[program.client_id]
        program.save(update_fields=["owner"])


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_client_reminders"),
        ("programming", "0002_builtin_library"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="program", name="program_trainer_client"),
        migrations.RenameField(
            model_name="program", old_name="trainer", new_name="owner"
        ),
        migrations.AlterField(
            model_name="program",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="The trainer whose template this is. Empty for a client's "
                "program.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="program_templates",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(keep_owner_on_templates_only, owner_from_client),
    ]
