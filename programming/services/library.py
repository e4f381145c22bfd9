"""Writes to a trainer's own library. Built-in rows are never changed: trainers copy
them and edit the copy."""

import itertools
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from programming.models import Ladder, Rung, Variation
from programming.models.library import MAX_RUNGS
from programming.services import ordering

BUILTIN_IS_READ_ONLY = "Built-in entries cannot be changed: copy it and edit the copy."
NOT_YOURS = "This belongs to another trainer."
VARIATION_IN_USE = (
    "{name} is used on a ladder, in an assignment or in a program, so it stays."
)
PATTERN_LOCKED = (
    "{name} is already on a ladder, an assignment or a program: its pattern stays."
)
WRONG_PATTERN = "{variation} is a {pattern} variation; this ladder is for {ladder}."
ALREADY_ON_LADDER = "{variation} is already on this ladder."
LADDER_FULL = f"A ladder holds at most {MAX_RUNGS} rungs."
LADDER_IN_USE = "Clients move on this ladder, so it stays. Copy it to start afresh."
LADDER_EMPTY = "Add at least one rung before your clients use this ladder."

VARIATION_FIELDS = [
    "name",
    "pattern",
    "equipment",
    "cues",
    "description",
    "video_url",
    "from_floor",
]


def _require_owner(row: Variation | Ladder) -> None:
    if row.is_builtin:
        raise ValidationError(BUILTIN_IS_READ_ONLY)


def _require_visible(row: Variation | Ladder, *, trainer: User) -> None:
    if row.owner_id not in (None, trainer.pk):
        raise ValidationError(NOT_YOURS)


def _free_name(model, *, owner: User, name: str) -> str:
    """ "name (copy)", "name (copy 2)", ... for any number of copies: the first the
    owner has not used yet, so a copy never reads like the original in a list. The
    name is cut, when it must be, so that the suffix fits."""
    longest = model._meta.get_field("name").max_length
    taken = {
        n.lower()
        for n in model.objects.filter(
            owner=owner, name__istartswith=name[: longest - 20]
        ).values_list("name", flat=True)
    }
    return next(c for c in _copy_names(name, longest) if c.lower() not in taken)


def _copy_names(name: str, longest: int) -> Iterator[str]:
    for n in itertools.count(1):
        suffix = " (copy)" if n == 1 else f" (copy {n})"
        yield name[: longest - len(suffix)] + suffix


def _clean_cues(cues: Iterable[str]) -> list[str]:
    return [cue.strip() for cue in cues if cue.strip()]


def variation_create(
    *,
    owner: User,
    name: str,
    pattern: str,
    equipment: str = "",
    cues: Iterable[str] = (),
    description: str = "",
    video_url: str = "",
    from_floor: bool = False,
    copied_from: Variation | None = None,
) -> Variation:
    """Add a variation to the trainer's private library."""
    variation = Variation(
        owner=owner,
        name=name.strip(),
        pattern=pattern,
        equipment=equipment,
        cues=_clean_cues(cues),
        description=description,
        video_url=video_url,
        from_floor=from_floor,
        copied_from=copied_from,
    )
    variation.full_clean()
    variation.save()
    return variation


@transaction.atomic
def variation_update(*, variation: Variation, **fields) -> Variation:
    """Change one of the trainer's own variations (fields in ``VARIATION_FIELDS``).
    The pattern cannot change once the variation is used anywhere."""
    _require_owner(variation)
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    for name, value in fields.items():
        if name not in VARIATION_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        if name == "cues":
            value = _clean_cues(value)
        setattr(variation, name, value)
    if "pattern" in fields and _variation_in_use(variation):
        original = Variation.objects.values_list("pattern", flat=True).get(
            pk=variation.pk
        )
        if original != variation.pattern:
            raise ValidationError(
                {"pattern": PATTERN_LOCKED.format(name=variation.name)}
            )
    variation.full_clean()
    variation.save()
    return variation


def _variation_in_use(variation: Variation) -> bool:
    return (
        variation.rungs.exists()
        or variation.assignments.exists()
        or variation.prescriptions.exists()
    )


def variation_copy(*, variation: Variation, owner: User) -> Variation:
    """Copy a built-in variation (or one of the owner's) into the owner's library,
    to edit freely."""
    _require_visible(variation, trainer=owner)
    return variation_create(
        owner=owner,
        name=_free_name(Variation, owner=owner, name=variation.name),
        pattern=variation.pattern,
        equipment=variation.equipment,
        cues=variation.cues,
        description=variation.description,
        video_url=variation.video_url,
        from_floor=variation.from_floor,
        copied_from=variation,
    )


@transaction.atomic
def variation_delete(*, variation: Variation) -> None:
    """Delete one of the trainer's own variations, unless it is used anywhere."""
    _require_owner(variation)
    if _variation_in_use(variation):
        raise ValidationError(VARIATION_IN_USE.format(name=variation.name))
    variation.delete()


def ladder_create(
    *, owner: User, pattern: str, name: str, description: str = ""
) -> Ladder:
    """Start an empty ladder of the trainer's own."""
    ladder = Ladder(
        owner=owner, pattern=pattern, name=name.strip(), description=description
    )
    ladder.full_clean()
    ladder.save()
    return ladder


@transaction.atomic
def ladder_update(*, ladder: Ladder, name: str, description: str = "") -> Ladder:
    """Rename or redescribe one of the trainer's own ladders."""
    _change_ladder(ladder)
    ladder.name = name.strip()
    ladder.description = description
    ladder.full_clean()
    ladder.save()
    return ladder


@transaction.atomic
def ladder_copy(*, ladder: Ladder, owner: User) -> Ladder:
    """Copy a ladder (built-in or the owner's) with its rungs into the owner's
    library. The copy becomes the owner's ladder for the pattern when they have none
    yet, since copying is how a trainer makes the coach's ladder their own."""
    _require_visible(ladder, trainer=owner)
    has_default = Ladder.objects.filter(
        owner=owner, pattern=ladder.pattern, is_default=True
    ).exists()
    copy = Ladder(
        owner=owner,
        pattern=ladder.pattern,
        name=_free_name(Ladder, owner=owner, name=ladder.name),
        description=ladder.description,
        is_default=not has_default,
        copied_from=ladder,
    )
    copy.full_clean()
    copy.save()
    Rung.objects.bulk_create(
        Rung(ladder=copy, position=rung.position, variation_id=rung.variation_id)
        for rung in ladder.rungs.order_by("position")
    )
    return copy


def _change_ladder(ladder: Ladder) -> Ladder:
    """Lock one of the trainer's own ladders for a change."""
    _require_owner(ladder)
    return Ladder.objects.select_for_update().get(pk=ladder.pk)


@transaction.atomic
def ladder_rung_insert(
    *, ladder: Ladder, variation: Variation, position: int | None = None
) -> Rung:
    """Put ``variation`` on the trainer's ladder at ``position`` (1 is the easiest;
    empty or past the end adds it at the top), moving the harder rungs up one."""
    ladder = _change_ladder(ladder)
    _require_visible(variation, trainer=ladder.owner)
    if variation.pattern != ladder.pattern:
        raise ValidationError(
            {
                "variation": WRONG_PATTERN.format(
                    variation=variation.name,
                    pattern=variation.get_pattern_display().lower(),
                    ladder=ladder.get_pattern_display().lower(),
                )
            }
        )
    rungs = ladder.rungs.all()
    if rungs.filter(variation=variation).exists():
        raise ValidationError(
            {"variation": ALREADY_ON_LADDER.format(variation=variation.name)}
        )
    last = ordering.next_position(rungs)
    if last > MAX_RUNGS:
        raise ValidationError(LADDER_FULL)
    position = last if position is None else max(1, min(position, last))
    ordering.open_gap(rungs, at=position)
    return Rung.objects.create(ladder=ladder, position=position, variation=variation)


@transaction.atomic
def ladder_rung_remove(*, rung: Rung) -> None:
    """Take a rung off the trainer's ladder; the rungs above it move down one.
    Clients already on that variation keep it, shown as off the ladder."""
    _change_ladder(rung.ladder)
    rung.delete()
    ordering.close_gap(rung.ladder.rungs.all(), at=rung.position)


@transaction.atomic
def ladder_rung_move(*, rung: Rung, step: int) -> bool:
    """Move a rung one place easier (-1) or harder (+1). False at either end."""
    _change_ladder(rung.ladder)
    fresh = Rung.objects.get(pk=rung.pk)
    moved = ordering.swap(rung.ladder.rungs.all(), fresh, step=step)
    rung.position = fresh.position
    return moved


@transaction.atomic
def ladder_make_default(*, ladder: Ladder) -> Ladder:
    """Make the trainer's ladder the one their clients move on for its pattern."""
    ladder = _change_ladder(ladder)
    if not ladder.rungs.exists():
        raise ValidationError(LADDER_EMPTY)
    Ladder.objects.filter(
        owner=ladder.owner, pattern=ladder.pattern, is_default=True
    ).update(is_default=False)
    ladder.is_default = True
    ladder.save(update_fields=["is_default", "updated_at"])
    return ladder


def ladder_use_builtin(*, trainer: User, pattern: str) -> None:
    """Go back to the built-in ladder for ``pattern``. Idempotent."""
    Ladder.objects.filter(owner=trainer, pattern=pattern, is_default=True).update(
        is_default=False
    )


@transaction.atomic
def ladder_delete(*, ladder: Ladder) -> None:
    """Delete one of the trainer's own ladders, unless clients move on it."""
    ladder = _change_ladder(ladder)
    if ladder.assignments.exists():
        raise ValidationError(LADDER_IN_USE)
    ladder.delete()
