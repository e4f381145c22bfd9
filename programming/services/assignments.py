"""Assigning variations to clients and moving them up and down the ladder.

Every change writes an ``AssignmentChange``. The current assignment row is locked
(``select_for_update``) for the whole change, so two trainers changing it at once are
applied one after the other and both changes are kept in the history. In the same
transaction, every exercise of the client's programs that follows the ladder on the
pattern moves to the new rung and takes the assignment's dose: a dose belongs to one
variation, so the 40 kg of the old rung never reaches the new one. A move to another
variation, or a new load, is told to the client (a notice on their program and an
email), whichever way it was made: by hand, from a suggestion or an assessment.
"""

from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from notifications.models import Topic
from notifications.services import push_queue
from outbox.services import absolute_url, email_queue
from programming.models import (
    Assignment,
    AssignmentChange,
    Ladder,
    Prescription,
    Variation,
)
from programming.models.prescription import PRESCRIPTION_FIELDS, PrescriptionData
from programming.selectors.library import ladder_for
from programming.selectors.starts import first_dose
from programming.signals import assignment_changed
from screening.gate import training_gate_check

AT_TOP = "{variation} is the top rung of {ladder}: there is nowhere higher to go."
AT_BOTTOM = "{variation} is the first rung of {ladder}: there is nowhere lower to go."
OFF_THE_LADDER = (
    "{variation} is not on {ladder}. Choose the next variation directly instead."
)
NOT_CURRENT = "This assignment has been replaced: reload the page."
NOT_YOUR_VARIATION = "This variation belongs to another trainer."
NOT_YOUR_LADDER = "This ladder belongs to another trainer."
LADDER_PATTERN_MISMATCH = "{variation} is not a {pattern} variation."

MEASURES = ("reps", "seconds", "distance_m")
# What an exercise that follows the ladder takes from the assignment when it moves to
# another variation: everything "Where you stand" shows. Its notes stay the day's.
DOSE_FIELDS = [name for name in PRESCRIPTION_FIELDS if name != "notes"]
PROGRAMS_LIMIT = AssignmentChange._meta.get_field("programs").max_length


def _lock_current(*, client: Client, pattern: str) -> Assignment | None:
    # No joins in a locking query: PostgreSQL would recheck a row changed while we
    # waited against the old joined rows and drop it.
    return (
        Assignment.objects.select_for_update()
        .filter(client=client, pattern=pattern, is_current=True)
        .first()
    )


def _rung_of(ladder: Ladder, variation: Variation) -> tuple[int | None, int]:
    """The variation's position on the ladder (None when off it) and the ladder's
    length."""
    positions = dict(ladder.rungs.values_list("variation_id", "position"))
    return positions.get(variation.pk), len(positions)


def _check_allowed(*, client: Client, variation: Variation, ladder: Ladder) -> None:
    trainer_id = client.trainer_id
    if variation.owner_id not in (None, trainer_id):
        raise ValidationError({"variation": NOT_YOUR_VARIATION})
    if ladder.owner_id not in (None, trainer_id):
        raise ValidationError({"ladder": NOT_YOUR_LADDER})
    if ladder.pattern != variation.pattern:
        raise ValidationError(
            {
                "variation": LADDER_PATTERN_MISMATCH.format(
                    variation=variation.name, pattern=ladder.get_pattern_display()
                )
            }
        )


def _move_following(assignment: Assignment) -> str:
    """Put every exercise of the client's programs that follows the ladder on
    ``assignment``'s pattern, and is on another variation, on the assignment's
    variation with the assignment's dose, in one UPDATE. Returns what changed, for
    the history: "Day A: 4 × 6 @ 40 kg → 3 × 8"."""  # noqa: RUF002
    moving = Prescription.objects.following(
        client_id=assignment.client_id, pattern=assignment.pattern
    ).exclude(variation_id=assignment.variation_id)
    before = [
        f"{p.day.name}: {p.summary}"
        for p in moving.select_related("day").order_by("day__position", "position")
    ]
    if not before:
        return ""
    moving.update(
        variation_id=assignment.variation_id,
        updated_at=timezone.now(),
        **{name: getattr(assignment, name) for name in DOSE_FIELDS},
    )
    now = assignment.summary
    return "; ".join(f"{was} → {now}" for was in before)[:PROGRAMS_LIMIT]


def _record(
    *,
    assignment: Assignment,
    kind: str,
    from_variation: Variation | None,
    from_position: int | None,
    changed_by: User | None,
    reason: str,
    programs: str = "",
    moved: bool = False,
    load_changed: bool = False,
) -> AssignmentChange:
    """Write the history row, tell the client of a move or a new load, and let the
    apps that follow assignments know (``assignment_changed``)."""
    to_position, length = _rung_of(assignment.ladder, assignment.variation)
    moved_variation = from_variation is not None and (
        from_variation.pk != assignment.variation_id
    )
    change = AssignmentChange(
        assignment=assignment,
        kind=kind,
        from_variation=from_variation,
        from_position=from_position,
        to_variation=assignment.variation,
        to_position=to_position,
        ladder_length=length,
        prescription=assignment.summary[:200],
        changed_by=changed_by,
        reason=reason.strip(),
        programs=programs,
        told_client=moved_variation or (from_variation is not None and load_changed),
    )
    change.full_clean()
    change.save()
    if change.told_client:
        _tell_client(change)
    assignment_changed.send(
        sender=AssignmentChange, change=change, moved=moved, load_changed=load_changed
    )
    return change


def _push_client(change: AssignmentChange) -> None:
    assignment = change.assignment
    title = (
        f"Your {assignment.get_pattern_display().lower()} is now {change.to_variation}"
    )
    if change.from_variation_id == change.to_variation_id:
        title += f" at {assignment.load_display or 'bodyweight'}"
    push_queue(
        user_id=assignment.client.user_id,
        topic=Topic.LADDER,
        key=f"assignment-change:{change.pk}",
        title=title,
        body=assignment.summary,
        url=reverse("dashboard:my_program"),
    )


def _tell_client(change: AssignmentChange) -> None:
    """The client's email about a change (the notice on their program reads the
    history), and a push to their devices if they want moves on the ladder: once
    per change."""
    client = change.assignment.client
    if client.user_id:
        _push_client(change)
    if not client.email:
        return
    email_queue(
        key=f"assignment-change:{change.pk}",
        to=client.email,
        template="assignment_changed",
        context={
            "client": client,
            "change": change,
            "assignment": change.assignment,
            "trainer": change.changed_by,
            "program_url": client.user_id
            and absolute_url(reverse("dashboard:my_program")),
        },
    )


@transaction.atomic
def assignment_set(
    *,
    client: Client,
    variation: Variation,
    ladder: Ladder | None = None,
    changed_by: User | None,
    reason: str = "",
    **prescription: Unpack[PrescriptionData],
) -> Assignment:
    """Put ``client`` on ``variation`` for its pattern, or change the prescription.

    ``ladder`` defaults to the current one while the variation is on it, else to the
    one the client's trainer uses for the pattern.
    Prescription fields not given keep their current value; a new assignment with
    no reps, time or distance starts at 3 × 8 (carries 3 × 20 m), and so does a new
    variation (without a load) unless a dose is given. Writes a history row unless
    nothing changed."""  # noqa: RUF002
    unknown = set(prescription) - set(PRESCRIPTION_FIELDS)
    if unknown:
        raise ValueError(f"not prescription fields: {sorted(unknown)}")
    training_gate_check(client=client)
    current = _lock_current(client=client, pattern=variation.pattern)
    if ladder is None:
        ladder = _ladder_for_change(client=client, variation=variation, current=current)
    _check_allowed(client=client, variation=variation, ladder=ladder)
    if current is None:
        try:
            with transaction.atomic():
                return _create(
                    client=client,
                    variation=variation,
                    ladder=ladder,
                    changed_by=changed_by,
                    reason=reason,
                    prescription=prescription,
                )
        except IntegrityError:
            # Another trainer created it a moment ago: change theirs instead.
            current = _lock_current(client=client, pattern=variation.pattern)
            if current is None:
                raise
    return _change(
        assignment=current,
        variation=variation,
        ladder=ladder,
        kind=None,
        changed_by=changed_by,
        reason=reason,
        prescription=prescription,
    )


def _ladder_for_change(
    *, client: Client, variation: Variation, current: Assignment | None
) -> Ladder:
    """Stay on the current ladder while the variation is on it; otherwise move to
    the ladder the trainer uses for the pattern."""
    if current is not None and (
        current.variation_id == variation.pk
        or current.ladder.rungs.filter(variation=variation).exists()
    ):
        return current.ladder
    return ladder_for(trainer=client.trainer, pattern=variation.pattern)


def _create(
    *,
    client: Client,
    variation: Variation,
    ladder: Ladder,
    changed_by: User | None,
    reason: str,
    prescription: PrescriptionData,
) -> Assignment:
    fields: dict = {}
    if not any(prescription.get(m) is not None for m in MEASURES):
        fields.update(first_dose(variation.pattern))
    fields.update(prescription)
    assignment = Assignment(
        client=client,
        pattern=variation.pattern,
        variation=variation,
        ladder=ladder,
        is_current=True,
        **fields,
    )
    assignment.full_clean()
    assignment.save()
    _record(
        assignment=assignment,
        kind=AssignmentChange.Kind.SET,
        from_variation=None,
        from_position=None,
        changed_by=changed_by,
        reason=reason,
        programs=_move_following(assignment),
        moved=True,
    )
    return assignment


def _change(
    *,
    assignment: Assignment,
    variation: Variation,
    ladder: Ladder,
    kind: str | None,
    changed_by: User | None,
    reason: str,
    prescription: PrescriptionData,
) -> Assignment:
    """Apply a change to the locked ``assignment`` and record it."""
    before_variation = assignment.variation
    before_position, _ = _rung_of(assignment.ladder, before_variation)
    before = {name: getattr(assignment, name) for name in PRESCRIPTION_FIELDS}
    moved = variation.pk != before_variation.pk or ladder.pk != assignment.ladder_id

    if variation.pk != before_variation.pk:
        # A new variation starts from the first dose, not from the old one's reps
        # without their load: a load, and the work done with it, belong to one
        # variation.
        if not any(prescription.get(m) is not None for m in MEASURES):
            for measure in MEASURES:
                setattr(assignment, measure, None)
            for name, value in first_dose(variation.pattern).items():
                setattr(assignment, name, value)
        if "load" not in prescription:
            assignment.load = None
    assignment.variation = variation
    assignment.ladder = ladder
    for name, value in prescription.items():
        setattr(assignment, name, value)
    after = {name: getattr(assignment, name) for name in PRESCRIPTION_FIELDS}
    if not moved and after == before:
        return assignment

    assignment.full_clean()
    assignment.save()
    _record(
        assignment=assignment,
        kind=kind
        or (AssignmentChange.Kind.SET if moved else AssignmentChange.Kind.PRESCRIPTION),
        from_variation=before_variation,
        from_position=before_position,
        changed_by=changed_by,
        reason=reason,
        programs=_move_following(assignment) if moved else "",
        moved=moved,
        load_changed=(after["load"], after["load_unit"])
        != (before["load"], before["load_unit"]),
    )
    return assignment


def _step(
    *, assignment: Assignment, step: int, changed_by: User | None, reason: str
) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.is_current:
        raise ValidationError(NOT_CURRENT)
    training_gate_check(client=locked.client)
    ladder = locked.ladder
    by_position = {
        rung.position: rung.variation
        for rung in ladder.rungs.select_related("variation")
    }
    position = next(
        (p for p, v in by_position.items() if v.pk == locked.variation_id), None
    )
    names = {"variation": locked.variation.name, "ladder": ladder.name}
    if position is None:
        raise ValidationError(OFF_THE_LADDER.format(**names))
    target = by_position.get(position + step)
    if target is None:
        raise ValidationError((AT_TOP if step > 0 else AT_BOTTOM).format(**names))
    return _change(
        assignment=locked,
        variation=target,
        ladder=ladder,
        kind=AssignmentChange.Kind.PROGRESS
        if step > 0
        else AssignmentChange.Kind.REGRESS,
        changed_by=changed_by,
        reason=reason,
        prescription={},
    )


@transaction.atomic
def assignment_progress(
    *, assignment: Assignment, changed_by: User | None, reason: str = ""
) -> Assignment:
    """Move the client one rung up the assignment's ladder, from wherever the
    current row says they are (not from a possibly stale ``assignment``). Refused
    on the top rung."""
    return _step(assignment=assignment, step=1, changed_by=changed_by, reason=reason)


@transaction.atomic
def assignment_regress(
    *, assignment: Assignment, changed_by: User | None, reason: str = ""
) -> Assignment:
    """Move the client one rung down the assignment's ladder. Refused on the first
    rung."""
    return _step(assignment=assignment, step=-1, changed_by=changed_by, reason=reason)
