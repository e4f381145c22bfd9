"""Run inside a migrated, empty database: time the export of a client with two
years of workouts, and the import of 5,000 clients from a CSV. Prints JSON."""

import json
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from clients.models import Client  # noqa: E402
from exchange.models import Export  # noqa: E402
from exchange.services import (  # noqa: E402
    client_import_apply,
    client_import_preview,
)
from exchange.services.exports import export_build, export_path  # noqa: E402
from programming.models import Prescription, Program, TrainingDay, Variation  # noqa: E402
from training.models import Workout, WorkoutExercise, WorkoutSet  # noqa: E402

WEEKS = 104
PER_WEEK = 4
EXERCISES = 5
SETS = 4
IMPORT_CLIENTS = 5000
TRAINERS = 5


def _client_with_two_years() -> Client:
    trainer = User.objects.create_user(
        email="bench-coach@example.com", role=User.Role.TRAINER
    )
    client = Client.objects.create(trainer=trainer, first_name="Bench")
    program = Program.objects.create(client=client, name="Two years", is_active=True)
    day = TrainingDay.objects.create(program=program, position=1, name="Day A")
    variations = list(Variation.objects.filter(owner=None)[:EXERCISES])
    prescriptions = Prescription.objects.bulk_create(
        Prescription(day=day, position=n, variation=v, sets=SETS, reps=8)
        for n, v in enumerate(variations, start=1)
    )
    today = timezone.localdate()
    workouts = Workout.objects.bulk_create(
        Workout(
            uid=uuid.uuid4(),
            client=client,
            day=day,
            day_name=day.name,
            performed_on=today - timedelta(days=n * 7 // PER_WEEK),
        )
        for n in range(WEEKS * PER_WEEK)
    )
    exercises = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=w,
            position=n,
            prescription=p,
            variation_id=p.variation_id,
            pattern=p.variation.pattern,
            target="4 × 8",
            rpe=7,
            pain=0,
        )
        for w in workouts
        for n, p in enumerate(prescriptions, start=1)
    )
    WorkoutSet.objects.bulk_create(
        (
            WorkoutSet(exercise=e, position=n, reps=8, load=Decimal("40.5"))
            for e in exercises
            for n in range(1, SETS + 1)
        ),
        batch_size=2000,
    )
    return client


def bench_export() -> dict:
    client = _client_with_two_years()
    export = Export.objects.create(
        kind=Export.Kind.CLIENT, client=client, requested_by=client.trainer
    )
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        export_build(export_id=export.pk)
    seconds = time.perf_counter() - start
    export.refresh_from_db()
    rows = sum(export.rows.values())
    size = export_path(export).stat().st_size
    return {
        "workouts": WEEKS * PER_WEEK,
        "rows": rows,
        "seconds": seconds,
        "queries": len(queries),
        "size_kb": size / 1024,
    }


def bench_import() -> dict:
    owner = User.objects.create_user(email="bench-owner@example.com", role="admin")
    trainers = [
        User.objects.create_user(email=f"bench-t{n}@example.com", role="trainer")
        for n in range(TRAINERS)
    ]
    lines = ["name,email,phone,trainer,goals,injuries,notes"]
    lines += [
        f"Client {n} Imported,client{n}@bench.example.com,+44 7700 {n:06d},"
        f"{trainers[n % TRAINERS].email},Deadlift from the floor,,Came from a sheet"
        for n in range(IMPORT_CLIENTS)
    ]
    data = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    preview = client_import_preview(uploaded_by=owner, file_name="b.csv", data=data)
    previewed = time.perf_counter() - start
    start = time.perf_counter()
    client_import_apply(client_import=preview)
    applied = time.perf_counter() - start
    created = Client.objects.filter(trainer__in=trainers).count()
    start = time.perf_counter()
    again = client_import_apply(
        client_import=client_import_preview(
            uploaded_by=owner, file_name="b.csv", data=data
        )
    )
    reimport = time.perf_counter() - start
    assert again.report["create"] == 0, again.report
    return {
        "clients": created,
        "kb": len(data) / 1024,
        "preview": previewed,
        "apply": applied,
        "again": reimport,
    }


if __name__ == "__main__":
    settings.EXPORT_ROOT = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    json.dump({"export": bench_export(), "import": bench_import()}, sys.stdout)
