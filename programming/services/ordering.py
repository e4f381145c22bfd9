"""Keeping ordered children (rungs, training days, prescriptions) numbered 1..n.

Positions are unique per parent and checked row by row by the database, so shifting
a block of rows first moves it out of the way (``OFFSET``) and then into place: no
intermediate state ever holds two rows at one position.
"""

from django.db.models import F, Max, Model, QuerySet

OFFSET = 10_000


def next_position(siblings: QuerySet) -> int:
    return (siblings.aggregate(last=Max("position"))["last"] or 0) + 1


def open_gap(siblings: QuerySet, *, at: int) -> None:
    """Shift every sibling at ``at`` or after one place down the list."""
    block = siblings.filter(position__gte=at)
    block.update(position=F("position") + OFFSET)
    siblings.filter(position__gte=OFFSET).update(position=F("position") - OFFSET + 1)


def close_gap(siblings: QuerySet, *, at: int) -> None:
    """Shift every sibling after ``at`` one place up the list (``at`` is free)."""
    block = siblings.filter(position__gt=at)
    block.update(position=F("position") + OFFSET)
    siblings.filter(position__gte=OFFSET).update(position=F("position") - OFFSET - 1)


def swap(siblings: QuerySet, item: Model, *, step: int) -> bool:
    """Swap ``item`` with its neighbour ``step`` (-1 or +1) places away. False when
    it is already first or last."""
    neighbour = siblings.filter(position=item.position + step).first()
    if neighbour is None:
        return False
    here, there = item.position, neighbour.position
    siblings.filter(pk=item.pk).update(position=OFFSET)
    siblings.filter(pk=neighbour.pk).update(position=here)
    siblings.filter(pk=item.pk).update(position=there)
    item.position = there
    return True
