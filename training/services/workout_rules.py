"""The rules of what a logged workout may say, whichever way it comes in (the log
form, the phone's outbox posting that form, the API): which exercises and sets, in
which measure and unit, the ranges of effort and pain, how long a note may be.
``workout_log`` applies them; the form and the serializers only translate what
they receive into ``ExerciseDone`` and ``SetDone``.

A refusal names where it applies, in keys the callers map back onto their own
fields: ``performed_on``, ``notes``, ``__all__``, ``exercises.<i>.<field>`` and
``exercises.<i>.sets.<j>.<field>`` (``i`` and ``j`` count from 0, in the order
given)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from core.models import CONTROL_CHARACTER, has_control_character
from programming.models import MAX_LOAD, Prescription, TrainingDay
from training.models import (
    MAX_DISTANCE_M,
    MAX_REPS,
    MAX_SECONDS,
    Workout,
    WorkoutExercise,
)

IN_THE_FUTURE = "Pick today or an earlier day."
BEFORE_THE_PROGRAM = "This program started on {start}: pick that day or later."
NOTHING_DONE = "Tick at least one set as done."
NOT_THIS_DAY = "This exercise is not on {day}."
NOT_THIS_CLIENT = "This belongs to another client."
ID_TAKEN = "This workout id is already used by someone else."
EXERCISE_TWICE = "{variation} is here twice: log each exercise of the day once."
MORE_SETS_THAN_PRESCRIBED = (
    "{variation} has {sets} set{s} prescribed: log at most {sets}."
)
SET_NEEDS_AMOUNT = "How many did you do?"
OTHER_MEASURE = "{variation} is counted in {measure}."
OTHER_UNIT = "{variation} is loaded in {unit}, as prescribed."
OUT_OF_RANGE = "From {low} to {high}."
LOAD_OUT_OF_RANGE = "From 0 to {limit} {unit}."
LOAD_TOO_PRECISE = "At most two decimal places."
TOO_LONG = "At most {limit} characters: this has {length}."

MEASURES = {"reps": MAX_REPS, "seconds": MAX_SECONDS, "distance_m": MAX_DISTANCE_M}
MEASURE_WORDS = {"reps": "reps", "seconds": "seconds", "distance_m": "metres"}
RPE_RANGE = (1, 10)
PAIN_RANGE = (0, 10)
NOTES_LIMIT = Workout._meta.get_field("notes").max_length
NOTE_LIMIT = WorkoutExercise._meta.get_field("note").max_length
WHERE_LIMIT = WorkoutExercise._meta.get_field("pain_where").max_length


def measure_of(prescription: Prescription) -> str:
    """What a set of this exercise is counted in: reps, seconds or metres."""
    for name in MEASURES:
        if getattr(prescription, name) is not None:
            return name
    return "reps"


@dataclass(frozen=True)
class SetDone:
    """One set as sent. Without ``load_unit``, the load is in the prescription's
    unit; a load of 0 is no load."""

    reps: int | None = None
    seconds: int | None = None
    distance_m: int | None = None
    load: Decimal | None = None
    load_unit: str | None = None


@dataclass(frozen=True)
class ExerciseDone:
    """One exercise of the day as sent: its prescription (or the prescription's id,
    as the API sends it), the sets done, effort, pain and a note."""

    prescription: Prescription | int
    sets: list[SetDone] = field(default_factory=list)
    rpe: int | None = None
    pain: int | None = None
    pain_where: str = ""
    note: str = ""

    @property
    def prescription_id(self) -> int:
        if isinstance(self.prescription, Prescription):
            return self.prescription.pk
        return self.prescription

    @property
    def is_empty(self) -> bool:
        return not (self.sets or self.rpe or self.pain or self.note.strip())


@dataclass(frozen=True)
class CheckedExercise:
    """An exercise that passed the rules, on its prescription of the day."""

    prescription: Prescription
    sets: list[SetDone]
    rpe: int | None
    pain: int | None
    pain_where: str
    note: str


class _Errors(dict):
    """Messages by where they apply."""

    def add(self, key: str, message: str) -> None:
        self.setdefault(key, []).append(message)


def workout_check(
    *,
    day: TrainingDay,
    performed_on: date,
    exercises: list[ExerciseDone],
    notes: str,
) -> list[CheckedExercise]:
    """The exercises to save, in the day's order (those left empty dropped), or
    ``ValidationError`` with every rule they break, each where it applies.

    Refused: a date after today or before the program began; no set done; an
    exercise not on ``day``, or the same one twice; more sets than prescribed; a
    set without the amount in the prescription's measure (reps, seconds or
    metres), or with another measure; a load in another unit than the
    prescription's, out of range or finer than hundredths; effort outside 1-10,
    pain outside 0-10; a note, a pain's place or the day's notes longer than their
    fields (measured without the spaces around them) or holding a control
    character. Pure: reads ``day``'s
    prescriptions, writes nothing."""
    errors = _Errors()
    started = timezone.localdate(day.program.created_at)
    if performed_on > timezone.localdate():
        errors.add("performed_on", IN_THE_FUTURE)
    elif performed_on < started:
        errors.add(
            "performed_on", BEFORE_THE_PROGRAM.format(start=f"{started:%-d %b %Y}")
        )
    _check_text(errors, "notes", notes, NOTES_LIMIT)
    of_the_day = {p.pk: p for p in day.prescriptions.all()}
    seen: set[int] = set()
    checked = []
    for i, done in enumerate(exercises):
        at = f"exercises.{i}"
        prescription = of_the_day.get(done.prescription_id)
        if prescription is None:
            errors.add(f"{at}.prescription", NOT_THIS_DAY.format(day=day.name))
            continue
        if prescription.pk in seen:
            errors.add(
                f"{at}.prescription",
                EXERCISE_TWICE.format(variation=prescription.variation.name),
            )
            continue
        seen.add(prescription.pk)
        sets = _check_sets(errors, at, prescription, done.sets)
        _check_range(errors, f"{at}.rpe", done.rpe, RPE_RANGE)
        _check_range(errors, f"{at}.pain", done.pain, PAIN_RANGE)
        where, note = done.pain_where.strip(), done.note.strip()
        _check_text(errors, f"{at}.pain_where", where, WHERE_LIMIT)
        _check_text(errors, f"{at}.note", note, NOTE_LIMIT)
        if not done.is_empty:
            checked.append(
                CheckedExercise(prescription, sets, done.rpe, done.pain, where, note)
            )
    if not any(done.sets for done in exercises):
        errors.add("__all__", NOTHING_DONE)
    if errors:
        raise ValidationError(dict(errors))
    order = list(of_the_day)
    return sorted(checked, key=lambda e: order.index(e.prescription.pk))


def _check_sets(
    errors: _Errors, at: str, prescription: Prescription, sets: list[SetDone]
) -> list[SetDone]:
    """The sets as they are saved: in the prescription's unit, a load of 0 as no
    load."""
    name = prescription.variation.name
    if len(sets) > prescription.sets:
        errors.add(
            f"{at}.sets",
            MORE_SETS_THAN_PRESCRIBED.format(
                variation=name, sets=prescription.sets, s=pluralize(prescription.sets)
            ),
        )
        return []
    measure = measure_of(prescription)
    unit = prescription.load_unit
    saved = []
    for j, one in enumerate(sets):
        here = f"{at}.sets.{j}"
        amount = getattr(one, measure)
        if amount is None:
            errors.add(f"{here}.{measure}", SET_NEEDS_AMOUNT)
        else:
            _check_range(errors, f"{here}.{measure}", amount, (0, MEASURES[measure]))
        for other in MEASURES:
            if other != measure and getattr(one, other) is not None:
                errors.add(
                    f"{here}.{other}",
                    OTHER_MEASURE.format(
                        variation=name, measure=MEASURE_WORDS[measure]
                    ),
                )
        load = one.load or None
        if load is not None:
            if one.load_unit not in (None, unit):
                errors.add(
                    f"{here}.load_unit", OTHER_UNIT.format(variation=name, unit=unit)
                )
            elif not 0 <= load <= MAX_LOAD[unit]:
                errors.add(
                    f"{here}.load",
                    LOAD_OUT_OF_RANGE.format(limit=MAX_LOAD[unit], unit=unit),
                )
            elif load != round(load, 2):
                errors.add(f"{here}.load", LOAD_TOO_PRECISE)
        saved.append(
            SetDone(
                **{measure: amount},
                load=load,
                load_unit=unit,
            )
        )
    return saved


def _check_range(
    errors: _Errors, key: str, value: int | None, bounds: tuple[int, int]
) -> None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        errors.add(key, OUT_OF_RANGE.format(low=low, high=high))


def _check_text(errors: _Errors, key: str, text: str, limit: int) -> None:
    if has_control_character(text):
        errors.add(key, CONTROL_CHARACTER)
    elif len(text) > limit:
        errors.add(key, TOO_LONG.format(limit=limit, length=len(text)))
