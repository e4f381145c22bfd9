"""Reads of programs. A trainer reaches only their own; a client only their active
one."""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients.models import Client
from programming.models import Assignment, Prescription, Program, TrainingDay

PROGRAM_DAY_SUGGESTIONS = 50


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
