"""Run inside a seeded database: give a demo client exactly ``N`` workouts, so that
the phone's own pages are measured at a short and a long history. Extra workouts
are copies of the client's own (their exercises and sets), each a few days before
the earliest; surplus ones, the oldest, are deleted. Usage:
``history.py EMAIL N``."""

import os
import sys
import uuid
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from django.db import transaction  # noqa: E402

from training.models import Workout, WorkoutExercise, WorkoutSet  # noqa: E402

STEP = timedelta(days=3)


def main(email: str, count: int) -> None:
    workouts = Workout.objects.filter(client__email=email)
    have = workouts.count()
    if have > count:
        extra = workouts.order_by("performed_on", "pk").values_list("pk", flat=True)
        Workout.objects.filter(pk__in=list(extra[: have - count])).delete()
        return
    models = list(
        workouts.order_by("performed_on", "pk").prefetch_related("exercises__sets")
    )
    if not models:
        raise SystemExit(f"{email} has no workout to copy")
    earliest = models[0].performed_on
    copies, exercises, sets = [], [], []
    for n in range(count - have):
        model = models[n % len(models)]
        earliest -= STEP
        copy = Workout(
            client_id=model.client_id,
            day_id=model.day_id,
            day_name=model.day_name,
            performed_on=earliest,
            logged_by_id=model.logged_by_id,
            judged_at=model.judged_at,
            uid=uuid.uuid4(),
        )
        copies.append((copy, model))
    with transaction.atomic():
        Workout.objects.bulk_create([c for c, _ in copies])
        for copy, model in copies:
            for exercise in model.exercises.all():
                new = WorkoutExercise(
                    **{
                        f.attname: getattr(exercise, f.attname)
                        for f in WorkoutExercise._meta.concrete_fields
                        if not f.primary_key
                    }
                )
                new.workout_id = copy.pk
                exercises.append((new, exercise))
        WorkoutExercise.objects.bulk_create([e for e, _ in exercises])
        for new, exercise in exercises:
            for one in exercise.sets.all():
                row = WorkoutSet(
                    **{
                        f.attname: getattr(one, f.attname)
                        for f in WorkoutSet._meta.concrete_fields
                        if not f.primary_key
                    }
                )
                row.exercise_id = new.pk
                sets.append(row)
        WorkoutSet.objects.bulk_create(sets, batch_size=2000)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
