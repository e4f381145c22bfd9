"""Apart from 0003, whose updates PostgreSQL must commit before the table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programming", "0003_program_owner_only_on_templates")]

    operations = [
        migrations.AddConstraint(
            model_name="program",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("client__isnull", True), ("owner__isnull", False)),
                    models.Q(("client__isnull", False), ("owner__isnull", True)),
                    _connector="OR",
                ),
                name="program_owner_only_on_templates",
            ),
        ),
    ]
