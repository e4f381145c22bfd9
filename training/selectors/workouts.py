"""Reads of the workouts themselves: a day to log, the history, one workout, and the
latest result per pattern."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from programming.models import Pattern, Prescription, TrainingDay, Variation
from training.models import Workout, WorkoutExercise, WorkoutSet


def _with_exercises(workouts: QuerySet[Workout]) -> QuerySet[Workout]:
    return workouts.prefetch_related(
        Prefetch(
            "exercises",
            queryset=WorkoutExercise.objects.with_pain_threshold()
            .select_related("variation")
            .prefetch_related("sets"),
        )
    )


def day_for_logging(
    *, client: Client, pk: int, any_program: bool = False
) -> TrainingDay:
    """A training day of the client's active program (of any of their programs,
    with ``any_program``, as the trainer may log), with its exercises, or 404."""
    days = TrainingDay.objects.filter(program__client=client)
    if not any_program:
        days = days.filter(program__is_active=True)
    return get_object_or_404(
        days.select_related("program").prefetch_related(
            Prefetch(
                "prescriptions",
                queryset=Prescription.objects.select_related("variation"),
            )
        ),
        pk=pk,
    )


def workout_list_for_client(*, client: Client) -> QuerySet[Workout]:
    """The client's workouts, latest first, each with how many exercises it had and
    the most pain reported, flagged by the trainer's threshold."""
    return (
        Workout.objects.filter(client=client)
        .with_pain_threshold()
        .annotate(exercise_count=Count("exercises"))
        .order_by("-performed_on", "-pk")
    )


def workout_list_with_exercises(*, client: Client) -> QuerySet[Workout]:
    """The client's workouts, latest first, each with its exercises and sets."""
    return _with_exercises(Workout.objects.filter(client=client)).order_by(
        "-performed_on", "-pk"
    )


def workout_list_for_trainer(
    *, trainer: User, client_id: int | None = None
) -> QuerySet[Workout]:
    """The workouts of the trainer's clients (of one of them, with
    ``client_id``), latest first, each with its exercises and sets."""
    workouts = Workout.objects.for_trainer(trainer)
    if client_id is not None:
        workouts = workouts.filter(client_id=client_id)
    return _with_exercises(workouts).order_by("-performed_on", "-pk")


def workout_get_for_trainer(*, trainer: User, pk: int) -> Workout:
    """One workout of the trainer's clients with its exercises and sets, or 404."""
    return get_object_or_404(workout_list_for_trainer(trainer=trainer), pk=pk)


def workout_get(*, client: Client, pk: int) -> Workout:
    """One of the client's workouts with its exercises and sets, or 404."""
    return get_object_or_404(
        _with_exercises(Workout.objects.filter(client=client)).select_related(
            "logged_by", "session"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class PatternResult:
    """The latest logged exercise of a pattern: when, which variation, its best set,
    the effort and any pain."""

    exercise: WorkoutExercise
    best: WorkoutSet | None

    @property
    def performed_on(self) -> date:
        return self.exercise.workout.performed_on


def _best(sets: list[WorkoutSet]) -> WorkoutSet | None:
    """The heaviest set, then the most reps, time or distance."""
    return max(
        sets,
        key=lambda s: (s.load or 0, s.reps or 0, s.seconds or 0, s.distance_m or 0),
        default=None,
    )


def recent_results(*, client: Client) -> dict[str, PatternResult]:
    """For each pattern the client has logged, its latest exercise: two queries,
    however long the history."""
    wanted = Q()
    for pattern in Pattern:
        wanted |= Q(
            pk=Subquery(
                WorkoutExercise.objects.filter(workout__client=client, pattern=pattern)
                .order_by("-workout__performed_on", "-workout_id", "position")
                .values("pk")[:1]
            )
        )
    exercises = (
        WorkoutExercise.objects.filter(wanted)
        .with_pain_threshold()
        .select_related("variation", "workout")
        .prefetch_related("sets")
    )
    return {
        e.pattern: PatternResult(exercise=e, best=_best(list(e.sets.all())))
        for e in exercises
    }


@dataclass(frozen=True)
class LastTime:
    """What a client did the last time they logged a variation: the date, the sets
    as done, the effort and any pain."""

    exercise: WorkoutExercise

    @property
    def performed_on(self) -> date:
        return self.exercise.workout.performed_on

    @property
    def sets(self) -> str:
        """The sets in order, the same ones in a row counted once with how many
        (as a dose is written), e.g. two sets of 8 and one of 6."""
        runs: list[list] = []
        for one in self.exercise.sets.all():
            if runs and runs[-1][0] == one.display:
                runs[-1][1] += 1
            else:
                runs.append([one.display, 1])
        return ", ".join(f"{n} × {text}" if n > 1 else text for text, n in runs)


def last_time_for_variations(
    *, client: Client, variation_ids: list[int]
) -> dict[int, LastTime]:
    """For each of ``variation_ids`` the client has logged, its latest logged
    exercise (by date, then the workout logged last), keyed by variation id: two
    queries, however many variations. Each variation's latest is found by walking
    the client's workouts from the newest (their index) and stopping at the first
    that has it: the work does not grow with the length of the history."""
    latest = (
        WorkoutExercise.objects.filter(
            workout__client=client, variation_id=OuterRef("pk")
        )
        .order_by("-workout__performed_on", "-workout_id", "position")
        .values("pk")[:1]
    )
    found = (
        Variation.objects.filter(pk__in=set(variation_ids))
        .order_by()
        .annotate(last=Subquery(latest))
        .values("last")
    )
    exercises = (
        WorkoutExercise.objects.filter(pk__in=found)
        .select_related("workout")
        .prefetch_related("sets")
    )
    return {e.variation_id: LastTime(exercise=e) for e in exercises}


COMPLIANCE_WEEKS = 4


def with_compliance(clients: QuerySet[Client], *, today: date | None = None):
    """Add to each client ``logged_recently``, their workouts of the last four weeks,
    and ``planned_recently``, their active program's days once a week for four
    weeks: in the same query as the clients."""
    since = (today or timezone.localdate()) - timedelta(weeks=COMPLIANCE_WEEKS)
    logged = (
        Workout.objects.filter(client=OuterRef("pk"), performed_on__gt=since)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    days = (
        TrainingDay.objects.filter(
            program__client=OuterRef("pk"), program__is_active=True
        )
        .order_by()
        .values("program__client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return clients.annotate(
        logged_recently=Coalesce(Subquery(logged), 0),
        planned_recently=Coalesce(Subquery(days), 0) * COMPLIANCE_WEEKS,
    )


def with_last_workout(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Add to each client ``last_workout``, the day of their latest workout (None
    before the first): in the same query as the clients."""
    latest = (
        Workout.objects.filter(client=OuterRef("pk"))
        .order_by("-performed_on")
        .values("performed_on")[:1]
    )
    return clients.annotate(last_workout=Subquery(latest))
