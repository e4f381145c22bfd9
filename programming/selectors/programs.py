"""Reads of programs. A trainer reaches only their own; a client only their active
one."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients.models import Client
from programming.models import (
    Assignment,
    Pattern,
    Prescription,
    Program,
    TrainingDay,
    Variation,
)
from programming.selectors.assignments import assignment_list_for_client, by_pattern
from programming.selectors.library import variation_list

PROGRAM_DAY_SUGGESTIONS = 50
MAX_CHOSEN = 30


def _with_days(programs: QuerySet[Program]) -> QuerySet[Program]:
    """Days and exercises, each exercise with its variation and ``has_rung``:
    whether the client has a current rung on its pattern (an exercise that follows
    the ladder shows its stored variation until they do)."""
    has_rung = Assignment.objects.current().filter(
        client_id=OuterRef("day__program__client_id"),
        pattern=OuterRef("variation__pattern"),
    )
    return programs.prefetch_related(
        Prefetch(
            "days",
            queryset=TrainingDay.objects.prefetch_related(
                Prefetch(
                    "prescriptions",
                    queryset=Prescription.objects.select_related("variation").annotate(
                        has_rung=Exists(has_rung)
                    ),
                )
            ),
        )
    )


def program_list_for_client(*, client: Client) -> QuerySet[Program]:
    """The client's programs, the active one first, each with its number of days.
    ``client`` comes from an ownership-checked selector."""
    return Program.objects.filter(client=client).annotate(day_count=Count("days"))


def program_template_list(*, trainer: User) -> QuerySet[Program]:
    """The trainer's program templates, each with its number of days."""
    return (
        Program.objects.for_trainer(trainer)
        .templates()
        .annotate(day_count=Count("days"))
        .order_by("name", "pk")
    )


def program_get(*, trainer: User, pk: int) -> Program:
    """One of the trainer's programs or templates with its days and prescriptions,
    or 404."""
    return get_object_or_404(
        _with_days(
            Program.objects.for_trainer(trainer).select_related(
                "client__trainer", "owner"
            )
        ),
        pk=pk,
    )


def day_get(*, trainer: User, pk: int) -> TrainingDay:
    """A training day of one of the trainer's programs, or 404."""
    return get_object_or_404(
        TrainingDay.objects.filter(
            Program.owned_by(trainer, via="program__")
        ).select_related("program__client__trainer", "program__owner"),
        pk=pk,
    )


def prescription_get(*, trainer: User, pk: int) -> Prescription:
    """A prescription in one of the trainer's programs, or 404."""
    return get_object_or_404(
        Prescription.objects.filter(
            Program.owned_by(trainer, via="day__program__")
        ).select_related(
            "variation", "day__program__client__trainer", "day__program__owner"
        ),
        pk=pk,
    )


def program_active_for_client(*, client: Client) -> Program | None:
    """The client's active program with its days, prescriptions and variations
    (three queries whatever its size), or None."""
    return _with_days(Program.objects.filter(client=client, is_active=True)).first()


def program_day_names(*, trainer: User, client_id: int | None = None) -> list[str]:
    """The day names of the trainer's active programs (of one of their clients, when
    given): what a session is likely to work on, "Day A: hinge and push"."""
    days = TrainingDay.objects.filter(
        program__client__trainer=trainer, program__is_active=True
    )
    if client_id is not None:
        days = days.filter(program__client_id=client_id)
    names = days.order_by("name").values_list("name", flat=True).distinct()
    return list(names[:PROGRAM_DAY_SUGGESTIONS])


@dataclass
class ExerciseChoices:
    """What the builder offers to add to a day: the exercises already ticked, the
    client's current rungs (with the prescription they bring), then the rest of the
    library, each matching ``query``."""

    query: str = ""
    chosen: list[Variation] = field(default_factory=list)
    current: list[Assignment] = field(default_factory=list)
    library: list[Variation] = field(default_factory=list)

    @property
    def library_by_pattern(self) -> list[tuple[str, list[Variation]]]:
        groups: dict[str, list[Variation]] = {}
        for variation in self.library:
            groups.setdefault(variation.pattern, []).append(variation)
        return [(p.label, groups[p]) for p in Pattern if p in groups]


def _matches(name: str, query: str) -> bool:
    return all(word in name.lower() for word in query.lower().split()[:5])


def exercise_choices(
    *, trainer: User, client: Client | None, query: str = "", chosen: list[str] = ()
) -> ExerciseChoices:
    """The exercises the builder offers: the client's current rungs first, in the
    coach's order, then the trainer's library, both matching ``query``; variations
    whose ids are in ``chosen`` (ticked before a search) come first whether they
    match or not. Two queries (three with ``chosen``)."""
    query = query.strip()
    current = (
        [a for _, a in by_pattern(assignment_list_for_client(client=client)) if a]
        if client
        else []
    )
    library = variation_list(trainer=trainer)
    chosen_ids = {
        int(pk) for pk in chosen[:MAX_CHOSEN] if re.fullmatch(r"[0-9]{1,9}", pk)
    }
    picked = list(library.filter(pk__in=chosen_ids)) if chosen_ids else []
    taken = {v.pk for v in picked}
    current = [
        a
        for a in current
        if a.variation_id not in taken and _matches(a.variation.name, query)
    ]
    taken |= {a.variation_id for a in current}
    if query:
        library = library.search(query)
    return ExerciseChoices(
        query=query,
        chosen=picked,
        current=current,
        library=[v for v in library if v.pk not in taken],
    )
