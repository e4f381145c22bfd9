"""Logging workouts. Idempotent by the id made where the workout was logged: a phone
that sends the same workout twice, or from two tabs, stores it once."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from programming.models import Prescription, TrainingDay
from scheduling.models import Session
from scheduling.services import session_mark_attendance
from training.models import Workout, WorkoutExercise, WorkoutSet
from training.services.suggestions import suggestions_refresh

IN_THE_FUTURE = "Pick today or an earlier day."
BEFORE_THE_PROGRAM = "This program started on {start}: pick that day or later."
NOTHING_DONE = "Tick at least one set as done."
NOT_THIS_DAY = "This exercise is not on {day}."
NOT_THIS_CLIENT = "This belongs to another client."
ID_TAKEN = "This workout id is already used by someone else."


@dataclass(frozen=True)
class SetDone:
    reps: int | None = None
    seconds: int | None = None
    distance_m: int | None = None
    load: Decimal | None = None
    load_unit: str = "kg"


@dataclass(frozen=True)
class ExerciseDone:
    prescription: Prescription
    sets: list[SetDone] = field(default_factory=list)
    rpe: int | None = None
    pain: int | None = None
    pain_where: str = ""
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.sets or self.rpe or self.pain or self.note.strip())


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
    note. The session it was done in is marked attended, and the rules look at
    each pattern done for a suggestion (``suggestions_refresh``).

    Refused (nothing saved): a date after today or before the program began, no set
    done, an exercise of another day, a day or session of another client.
    Without ``session``, the client's session of that day that has started, if
    any, is the one. Idempotent: a workout already stored under ``uid`` is returned
    as it is, with ``False``; the new one comes with ``True``."""
    existing = Workout.objects.filter(uid=uid).first()
    if existing is not None:
        if existing.client_id != client.pk:
            raise ValidationError(ID_TAKEN)
        return existing, False
    _check(client=client, day=day, performed_on=performed_on, exercises=exercises)
    if session is not None and session.client_id != client.pk:
        raise ValidationError({"session": NOT_THIS_CLIENT})
    session = session or _session_on(client=client, day=performed_on)
    workout = Workout(
        uid=uid,
        client=client,
        day=day,
        day_name=day.name,
        session=session,
        performed_on=performed_on,
        logged_by=logged_by,
        notes=notes.strip(),
    )
    workout.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            workout.save()
    except IntegrityError:
        # The same workout, sent a moment ago from another tab, got there first.
        existing = Workout.objects.filter(uid=uid, client=client).first()
        if existing is None:
            raise
        return existing, False
    kept = [e for e in exercises if not e.is_empty]
    _save_exercises(workout, kept)
    suggestions_refresh(
        client=client, patterns=[e.prescription.variation.pattern for e in kept]
    )
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


def _check(
    *,
    client: Client,
    day: TrainingDay,
    performed_on: date,
    exercises: list[ExerciseDone],
) -> None:
    program = day.program
    if program.client_id != client.pk:
        raise ValidationError({"day": NOT_THIS_CLIENT})
    errors: dict[str, list[str]] = {}
    started = timezone.localdate(program.created_at)
    if performed_on > timezone.localdate():
        errors["performed_on"] = [IN_THE_FUTURE]
    elif performed_on < started:
        errors["performed_on"] = [
            BEFORE_THE_PROGRAM.format(start=f"{started:%-d %b %Y}")
        ]
    for exercise in exercises:
        if exercise.prescription.day_id != day.pk:
            errors.setdefault("__all__", []).append(NOT_THIS_DAY.format(day=day.name))
            break
    if not any(exercise.sets for exercise in exercises):
        errors.setdefault("__all__", []).append(NOTHING_DONE)
    if errors:
        raise ValidationError(errors)


def _save_exercises(workout: Workout, exercises: list[ExerciseDone]) -> None:
    rows = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=workout,
            position=position,
            prescription=done.prescription,
            variation_id=done.prescription.variation_id,
            pattern=done.prescription.variation.pattern,
            target=done.prescription.summary[:200],
            rpe=done.rpe,
            pain=done.pain,
            pain_where=done.pain_where.strip(),
            note=done.note.strip(),
        )
        for position, done in enumerate(exercises, start=1)
    )
    WorkoutSet.objects.bulk_create(
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
