"""An exercise of a program can follow the client's ladder; every one starts pinned
(0006 lets the ones already on the client's rung follow)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programming", "0004_program_owner_constraint")]

    operations = [
        migrations.AddField(
            model_name="prescription",
            name="follows_ladder",
            field=models.BooleanField(
                default=False,
                help_text="The variation is always the client's current rung on its "
                "pattern; otherwise it is pinned.",
                verbose_name="follows the ladder",
            ),
        ),
    ]
