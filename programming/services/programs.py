"""Building programs: training days, their prescriptions, copies and templates."""

from datetime import date
from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from accounts.models import User
from clients.models import Client
from programming.models import (
    Assignment,
    Prescription,
    Program,
    TrainingDay,
    Variation,
)
from programming.models.prescription import PRESCRIPTION_FIELDS, PrescriptionData
from programming.selectors.starts import first_dose
from programming.services import ordering
from screening.gate import training_gate_check

NOT_YOUR_VARIATION = "This variation belongs to another trainer."
TEMPLATE_CANNOT_BE_ACTIVE = "A template is not anyone's program: copy it to a client."
ACTIVE_CANNOT_BE_DELETED = (
    "This is the client's active program. Make another program active first."
)
MAX_DAYS = 14
MAX_PRESCRIPTIONS = 30
TOO_MANY_DAYS = f"A program holds at most {MAX_DAYS} training days."
TOO_MANY_PRESCRIPTIONS = f"A training day holds at most {MAX_PRESCRIPTIONS} exercises."
CHOOSE_EXERCISES = "Tick at least one exercise to add."
NO_ROOM = "{day} has room for {room} more exercises: tick fewer."
EXERCISE_REFUSED = "{variation}: {reason}"
ORDER_IS_STALE = (
    "The exercises of {day} changed meanwhile: here they are as they are now."
)
FIRST_CANNOT_JOIN = "The first exercise of a day has none above it to superset with."
FOLLOWS_ANOTHER_RUNG = (
    "{client}'s current {pattern} rung is {rung}: choose it to follow the ladder, "
    "or pin this exercise."
)


def _check_variation(*, trainer: User, variation: Variation) -> None:
    if variation.owner_id not in (None, trainer.pk):
        raise ValidationError({"variation": NOT_YOUR_VARIATION})


@transaction.atomic
def program_create(
    *,
    trainer: User,
    name: str,
    client: Client | None = None,
    notes: str = "",
    template: Program | None = None,
    ends_on: date | None = None,
) -> Program:
    """A new program for ``client`` (or a template of ``trainer`` when no client),
    empty or copied from ``template``. ``client`` and ``template`` come from the
    trainer's ownership-checked selectors. It starts as a draft: the client sees it
    once it is made active."""
    program = Program(
        owner=trainer if client is None else None,
        client=client,
        name=name.strip(),
        notes=notes,
        ends_on=ends_on if client is not None else None,
        copied_from=template,
    )
    program.full_clean()
    program.save()
    if template is not None:
        _copy_days(source=template, target=program)
    return program


def _copy_days(*, source: Program, target: Program) -> None:
    """Copy the days and exercises. An exercise that follows the ladder lands on the
    target client's current rung on its pattern, where the client has one."""
    days = list(
        TrainingDay.objects.filter(program=source).prefetch_related(
            Prefetch(
                "prescriptions",
                queryset=Prescription.objects.select_related("variation"),
            )
        )
    )
    rungs = _current_rungs(client_id=target.client_id)
    copies = TrainingDay.objects.bulk_create(
        TrainingDay(program=target, position=d.position, name=d.name, notes=d.notes)
        for d in days
    )
    Prescription.objects.bulk_create(
        Prescription(
            day=copy,
            position=p.position,
            variation_id=rungs.get(p.variation.pattern, p.variation_id)
            if p.follows_ladder
            else p.variation_id,
            follows_ladder=p.follows_ladder,
            superset=p.superset,
            **{name: getattr(p, name) for name in PRESCRIPTION_FIELDS},
        )
        for day, copy in zip(days, copies, strict=True)
        for p in day.prescriptions.all()
    )


def _current_rungs(*, client_id: int | None) -> dict[str, int]:
    """The client's current variation per pattern, locked until the end of the
    transaction so that no Progress or Regress slips in between (a template has no
    client, so no rungs)."""
    if client_id is None:
        return {}
    # No joins in a locking query (see the assignment services).
    return dict(
        Assignment.objects.select_for_update()
        .filter(client_id=client_id, is_current=True)
        .values_list("pattern", "variation_id")
    )


def program_copy(*, program: Program, client: Client | None, name: str = "") -> Program:
    """Copy a program, days and prescriptions, to one of the trainer's clients, or
    as a template when ``client`` is None. The copy is a draft."""
    return program_create(
        trainer=program.trainer,
        client=client,
        name=name or program.name,
        notes=program.notes,
        template=program,
    )


@transaction.atomic
def program_update(
    *, program: Program, name: str, notes: str = "", ends_on: date | None = None
) -> Program:
    """Rename a program, or change its notes or when it ends."""
    program.name = name.strip()
    program.notes = notes
    program.ends_on = None if program.is_template else ends_on
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def program_activate(*, program: Program) -> Program:
    """Make ``program`` the client's active program; the one before stays, inactive.
    Idempotent."""
    if program.is_template:
        raise ValidationError(TEMPLATE_CANNOT_BE_ACTIVE)
    training_gate_check(client=program.client)
    # Lock the client's programs so two activations cannot cross.
    list(Program.objects.select_for_update().filter(client_id=program.client_id))
    Program.objects.filter(client_id=program.client_id, is_active=True).exclude(
        pk=program.pk
    ).update(is_active=False)
    program.is_active = True
    program.save(update_fields=["is_active", "updated_at"])
    return program


@transaction.atomic
def program_delete(*, program: Program) -> None:
    """Delete a draft, an earlier program or a template (never the active one)."""
    if program.is_active:
        raise ValidationError(ACTIVE_CANNOT_BE_DELETED)
    program.delete()


def _change_program(program: Program) -> Program:
    """Lock the program for a change to its days or exercises."""
    return Program.objects.select_for_update().get(pk=program.pk)


@transaction.atomic
def day_add(*, program: Program, name: str, notes: str = "") -> TrainingDay:
    """Add a training day at the end of the program."""
    program = _change_program(program)
    position = ordering.next_position(program.days.all())
    if position > MAX_DAYS:
        raise ValidationError(TOO_MANY_DAYS)
    day = TrainingDay(
        program=program, position=position, name=name.strip(), notes=notes
    )
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def day_update(*, day: TrainingDay, name: str, notes: str = "") -> TrainingDay:
    """Rename a training day or change its notes."""
    day.name = name.strip()
    day.notes = notes
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def day_delete(*, day: TrainingDay) -> None:
    """Delete a training day and its prescriptions; the days after move up."""
    program = _change_program(day.program)
    day.delete()
    ordering.close_gap(program.days.all(), at=day.position)


@transaction.atomic
def day_move(*, day: TrainingDay, step: int) -> bool:
    """Move a day one place earlier (-1) or later (+1). False at either end."""
    program = _change_program(day.program)
    fresh = TrainingDay.objects.get(pk=day.pk)
    moved = ordering.swap(program.days.all(), fresh, step=step)
    day.position = fresh.position
    return moved


def _follows(
    *, program: Program, variation: Variation, follows_ladder: bool | None
) -> bool:
    """Whether an exercise of ``program`` on ``variation`` follows the ladder.

    ``None`` decides by the variation: it follows when it is the client's current
    rung on its pattern. An exercise can follow only the client's current rung; with
    no rung on the pattern yet (or in a template) it keeps ``variation`` until one is
    set. The client's assignment is locked, so a Progress waits for this exercise
    and then moves it too."""
    if program.is_template:
        return bool(follows_ladder)
    rung_id = (
        Assignment.objects.select_for_update()
        .filter(client_id=program.client_id, pattern=variation.pattern, is_current=True)
        .values_list("variation_id", flat=True)
        .first()
    )
    if follows_ladder is None:
        return rung_id == variation.pk
    if follows_ladder and rung_id not in (None, variation.pk):
        raise ValidationError(
            {
                "follows_ladder": FOLLOWS_ANOTHER_RUNG.format(
                    client=program.client.first_name,
                    rung=Variation.objects.get(pk=rung_id).name,
                    pattern=variation.get_pattern_display().lower(),
                )
            }
        )
    return follows_ladder


@transaction.atomic
def prescription_add(
    *,
    day: TrainingDay,
    variation: Variation,
    follows_ladder: bool | None = None,
    **fields: Unpack[PrescriptionData],
) -> Prescription:
    """Add an exercise at the end of a training day. It follows the ladder when
    ``follows_ladder`` says so or, left None, when ``variation`` is the client's
    current rung; otherwise it is pinned. Following is refused for another
    variation than the client's current rung."""
    _change_program(day.program)
    _check_variation(trainer=day.program.trainer, variation=variation)
    follows = _follows(
        program=day.program, variation=variation, follows_ladder=follows_ladder
    )
    position = ordering.next_position(day.prescriptions.all())
    if position > MAX_PRESCRIPTIONS:
        raise ValidationError(TOO_MANY_PRESCRIPTIONS)
    prescription = Prescription(
        day=day,
        position=position,
        variation=variation,
        follows_ladder=follows,
        **fields,
    )
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_add_many(
    *,
    day: TrainingDay,
    variations: list[Variation],
    **fields: Unpack[PrescriptionData],
) -> list[Prescription]:
    """Add ``variations`` at the end of a training day, in that order: all of them,
    or none when one is refused. One that is the client's current rung follows the
    ladder with the client's current prescription; the others are pinned, with
    ``fields``."""
    program = _change_program(day.program)
    if not variations:
        raise ValidationError(CHOOSE_EXERCISES)
    room = MAX_PRESCRIPTIONS - day.prescriptions.count()
    if len(variations) > room:
        raise ValidationError(NO_ROOM.format(day=day.name, room=max(room, 0)))
    current = {
        a.variation_id: a
        # Locked like the rungs that _follows reads, and with no joins.
        for a in Assignment.objects.select_for_update().filter(
            client_id=program.client_id, is_current=True
        )
    }
    added = []
    for variation in variations:
        rung = current.get(variation.pk)
        if rung:
            dose = {n: getattr(rung, n) for n in PRESCRIPTION_FIELDS}
        else:
            dose = _measured_as_its_pattern(variation, fields)
        try:
            added.append(prescription_add(day=day, variation=variation, **dose))
        except ValidationError as exc:
            raise ValidationError(
                EXERCISE_REFUSED.format(
                    variation=variation.name, reason=" ".join(exc.messages)
                )
            ) from exc
    return added


def _measured_as_its_pattern(variation: Variation, fields: PrescriptionData) -> dict:
    """The dose given for several exercises at once, for one of them: a carry is
    walked for its first distance rather than counted in reps."""
    first = first_dose(variation.pattern)
    if "reps" in first:
        return dict(fields)
    measure = {name: value for name, value in first.items() if name != "sets"}
    return {**fields, "reps": None, **measure}


@transaction.atomic
def prescription_update(
    *,
    prescription: Prescription,
    variation: Variation,
    follows_ladder: bool | None = None,
    **fields: Unpack[PrescriptionData],
) -> Prescription:
    """Change an exercise: its variation, whether it follows the ladder (None keeps
    it as it is) or what to do with it. Following is refused for another variation
    than the client's current rung."""
    program = prescription.day.program
    _check_variation(trainer=program.trainer, variation=variation)
    prescription.follows_ladder = _follows(
        program=program,
        variation=variation,
        follows_ladder=prescription.follows_ladder
        if follows_ladder is None
        else follows_ladder,
    )
    prescription.variation = variation
    for name, value in fields.items():
        if name not in PRESCRIPTION_FIELDS:
            raise ValueError(f"{name} is not a prescription field")
        setattr(prescription, name, value)
    prescription.full_clean()
    prescription.save()
    return prescription


@transaction.atomic
def prescription_delete(*, prescription: Prescription) -> None:
    """Take an exercise off its day; the ones after move up."""
    _change_program(prescription.day.program)
    prescription.delete()
    ordering.close_gap(prescription.day.prescriptions.all(), at=prescription.position)
    _renumber_supersets(prescription.day)


@transaction.atomic
def prescription_move(*, prescription: Prescription, step: int) -> bool:
    """Move an exercise one place earlier (-1) or later (+1). False at either end."""
    _change_program(prescription.day.program)
    fresh = Prescription.objects.get(pk=prescription.pk)
    moved = ordering.swap(prescription.day.prescriptions.all(), fresh, step=step)
    prescription.position = fresh.position
    _renumber_supersets(prescription.day)
    return moved


@transaction.atomic
def prescription_reorder(*, day: TrainingDay, order: list[int]) -> None:
    """Put the day's exercises in ``order``, their ids first to last, as a drag and
    drop leaves them. ``order`` must name every exercise of the day once, else the
    page was out of date and nothing moves. Idempotent."""
    _change_program(day.program)
    ids = list(day.prescriptions.values_list("pk", flat=True))
    if len(order) != len(ids) or set(order) != set(ids):
        raise ValidationError(ORDER_IS_STALE.format(day=day.name))
    # Out of the way first, then into place: positions are unique row by row.
    for offset in (ordering.OFFSET, 0):
        Prescription.objects.bulk_update(
            [
                Prescription(pk=pk, position=offset + position)
                for position, pk in enumerate(order, start=1)
            ],
            ["position"],
        )
    _renumber_supersets(day)


@transaction.atomic
def prescription_superset(*, prescription: Prescription, joined: bool) -> None:
    """Join an exercise to the one above it in a superset (``joined``), taking the
    exercises grouped with it along; or split the superset between the two, so
    that it and the ones grouped below it go on as a superset of their own.
    Idempotent."""
    _change_program(prescription.day.program)
    exercises = list(prescription.day.prescriptions.order_by("position"))
    index = next(i for i, p in enumerate(exercises) if p.pk == prescription.pk)
    if index == 0:
        if joined:
            raise ValidationError(FIRST_CANNOT_JOIN)
        return
    above, here = exercises[index - 1], exercises[index]
    run = [here]  # here and the exercises grouped with it below
    for below in exercises[index + 1 :]:
        if here.superset is None or below.superset != here.superset:
            break
        run.append(below)
    if joined:
        group = above.superset or _new_group(exercises)
        above.superset = group
    elif here.superset is not None and here.superset == above.superset:
        group = _new_group(exercises)
    else:
        return
    for exercise in run:
        exercise.superset = group
    Prescription.objects.bulk_update([above, *run], ["superset"])
    _renumber_supersets(prescription.day)
    prescription.superset = Prescription.objects.get(pk=prescription.pk).superset


def _new_group(exercises: list[Prescription]) -> int:
    return max((p.superset or 0 for p in exercises), default=0) + 1


def _renumber_supersets(day: TrainingDay) -> None:
    """Keep the stored supersets as the day reads: each run of neighbouring
    exercises with one number is a superset, numbered 1, 2, ... down the day; an
    exercise left alone with its number (its partners moved away) is on its own."""
    runs: list[list[Prescription]] = []
    for p in day.prescriptions.order_by("position").only("pk", "day", "superset"):
        if runs and p.superset is not None and runs[-1][-1].superset == p.superset:
            runs[-1].append(p)
        else:
            runs.append([p])
    changed, number = [], 0
    for run in runs:
        group = None
        if len(run) > 1:
            number += 1
            group = number
        changed += [p for p in run if p.superset != group]
        for p in run:
            p.superset = group
    if changed:
        Prescription.objects.bulk_update(changed, ["superset"])
