from django.db import migrations


def create(apps, schema_editor):
    Brand = apps.get_model("brand", "Brand")
    Brand.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    """The brand's single row, with its defaults, so the admin opens it at once."""

    dependencies = [("brand", "0001_brand")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
