"""Existing programs follow the ladder where they already agree with it: an exercise
of a client's program whose variation is the client's current rung on that pattern
follows the ladder from now on. Every other exercise (and every template's) stays
pinned to the variation the trainer chose."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def follow_current_rungs(apps, schema_editor):
    Assignment = apps.get_model("programming", "Assignment")
    Prescription = apps.get_model("programming", "Prescription")
    on_the_rung = Assignment.objects.filter(
        client_id=OuterRef("day__program__client_id"),
        variation_id=OuterRef("variation_id"),
        is_current=True,
    )
    Prescription.objects.filter(
        day__program__client__isnull=False, follows_ladder=False
    ).filter(Exists(on_the_rung)).update(follows_ladder=True)


class Migration(migrations.Migration):
    dependencies = [("programming", "0005_prescription_follows_ladder")]

    # Reversing leaves the flags: 0005's reverse drops the column with them.
    operations = [migrations.RunPython(follow_current_rungs, migrations.RunPython.noop)]
