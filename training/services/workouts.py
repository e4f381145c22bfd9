"""Logging workouts. Idempotent by the id made where the workout was logged: a phone
that sends the same workout twice, or from two tabs, stores it once. What a workout
may say is decided by ``training.services.workout_rules``, for every way in."""

import uuid
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from programming.models import TrainingDay
from scheduling.models import Session
from scheduling.services import session_mark_attendance
from training.models import Workout, WorkoutExercise, WorkoutSet
from training.services.suggestions import suggestions_dispatch
from training.services.workout_rules import (
    ID_TAKEN,
    NOT_THIS_CLIENT,
    CheckedExercise,
    ExerciseDone,
    workout_check,
)


@transaction.atomic
def workout_log(
    *,
    client: Client,
    day: TrainingDay,
    performed_on: date,
    exercises: list[ExerciseDone],
    uid: uuid.UUID,
    logged_by: User | None,
    session: Session | None = None,
    notes: str = "",
) -> tuple[Workout, bool]:
    """Save what ``client`` did of ``day`` on ``performed_on``: each exercise's sets
    as done (a prescription's target is never changed), with effort, pain and a
    note. The session it was done in is marked attended. Once it commits, a task
    runs the rules over each pattern done for a suggestion
    (``suggestions_judge_logged``): the save itself is only the save.

    Refused (nothing saved): a day or session of another client, and whatever
    ``workout_check`` refuses, every problem named where it applies.
    Without ``session``, the client's session of that day that has started, if
    any, is the one. Idempotent: a workout already stored under ``uid`` is returned
    as it is, with ``False``; the new one comes with ``True``."""
    existing = Workout.objects.filter(uid=uid).first()
    if existing is not None:
        if existing.client_id != client.pk:
            raise ValidationError(ID_TAKEN)
        return existing, False
    if day.program.client_id != client.pk:
        raise ValidationError({"day": NOT_THIS_CLIENT})
    if session is not None and session.client_id != client.pk:
        raise ValidationError({"session": NOT_THIS_CLIENT})
    notes = notes.strip()
    checked = workout_check(
        day=day, performed_on=performed_on, exercises=exercises, notes=notes
    )
    session = session or _session_on(client=client, day=performed_on)
    workout = Workout(
        uid=uid,
        client=client,
        day=day,
        day_name=day.name,
        session=session,
        performed_on=performed_on,
        logged_by=logged_by,
        notes=notes,
    )
    # Its client, day, session and author are rows in hand: no query to check that
    # they exist.
    workout.full_clean(
        exclude=["client", "day", "session", "logged_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            workout.save()
    except IntegrityError:
        # The same workout, sent a moment ago from another tab, got there first.
        existing = Workout.objects.filter(uid=uid, client=client).first()
        if existing is None:
            raise
        return existing, False
    _save_exercises(workout, checked)
    client_id = client.pk
    transaction.on_commit(lambda: suggestions_dispatch(client_id=client_id))
    if session is not None and session.starts_at <= timezone.now():
        session_mark_attendance(session=session, attendance=Session.Attendance.ATTENDED)
    return workout, True


def _session_on(*, client: Client, day: date) -> Session | None:
    """The client's session of ``day`` (on the reader's clock) that has started and
    has no workout yet: the one this workout was done in."""
    start = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return (
        Session.objects.scheduled()
        .filter(
            client=client,
            starts_at__gte=start,
            starts_at__lt=min(start + timedelta(days=1), timezone.now()),
            workout__isnull=True,
        )
        .order_by("starts_at")
        .first()
    )


def _save_exercises(workout: Workout, exercises: list[CheckedExercise]) -> None:
    """Two INSERTs. The workout keeps what was saved as if prefetched (exercises,
    their variations and sets), so that answering with it reads nothing again."""
    rows = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=workout,
            position=position,
            prescription=done.prescription,
            variation=done.prescription.variation,
            pattern=done.prescription.variation.pattern,
            target=done.prescription.summary[:200],
            rpe=done.rpe,
            pain=done.pain,
            pain_where=done.pain_where,
            note=done.note,
        )
        for position, done in enumerate(exercises, start=1)
    )
    sets = WorkoutSet.objects.bulk_create(
        WorkoutSet(
            exercise=row,
            position=position,
            reps=one.reps,
            seconds=one.seconds,
            distance_m=one.distance_m,
            load=one.load,
            load_unit=one.load_unit,
        )
        for row, done in zip(rows, exercises, strict=True)
        for position, one in enumerate(done.sets, start=1)
    )
    for row in rows:
        _as_prefetched(row, "sets", [one for one in sets if one.exercise is row])
    _as_prefetched(workout, "exercises", rows)


def _as_prefetched(instance, name: str, rows: list) -> None:
    """Keep ``rows`` as ``instance``'s related ``name``, as prefetch_related would:
    a queryset whose results are already known."""
    known = getattr(instance, name).all()
    known._result_cache = rows
    known._prefetch_done = True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        name: known,
    }
