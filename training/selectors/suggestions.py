"""Reads of the suggestions, and of who needs the trainer's attention."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from programming.models import Pattern, Program
from scheduling.models import Session
from training.models import CoachSettings, Suggestion, Workout
from training.selectors.workouts import with_last_workout

ATTENTION_DAYS = 14  # how far back missed sessions count
ATTENTION_LIMIT = 10  # rows per kind on the dashboard
ENDING_DAYS = 7  # a program this close to its end needs the next one


def coach_settings(*, trainer: User) -> CoachSettings:
    """The trainer's settings, the defaults until they change them (not saved)."""
    return CoachSettings.objects.filter(trainer=trainer).first() or CoachSettings(
        trainer=trainer
    )


def _suggestions() -> QuerySet[Suggestion]:
    return Suggestion.objects.select_related("client", "from_variation", "to_variation")


def suggestion_list_pending(*, client: Client) -> list[Suggestion]:
    """The client's suggestions waiting for the trainer, in the coach's order."""
    order = {pattern: n for n, pattern in enumerate(Pattern)}
    return sorted(
        _suggestions().pending().filter(client=client),
        key=lambda s: order.get(s.pattern, len(order)),
    )


def suggestion_get(*, trainer: User, pk: int) -> Suggestion:
    """A suggestion for one of the trainer's clients, or 404."""
    return get_object_or_404(_suggestions().for_trainer(trainer), pk=pk)


@dataclass
class Attention:
    """Who needs the trainer: pain reported, suggestions waiting, sessions missed,
    clients with no workout for a while, programs about to end."""

    pain: list[Suggestion] = field(default_factory=list)
    waiting: list[Suggestion] = field(default_factory=list)
    missed: list[Session] = field(default_factory=list)
    quiet: list[Client] = field(default_factory=list)
    ending: list[Program] = field(default_factory=list)
    quiet_days: int = 7

    def __bool__(self) -> bool:
        return bool(
            self.pain or self.waiting or self.missed or self.quiet or self.ending
        )


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def attention_for(*, trainer: User, now: datetime | None = None) -> Attention:
    """The dashboard's list of who needs attention, in six queries whatever the
    number of clients. It counts whole days in the current time zone, so it stays
    the same all day until something of a client changes."""
    today = timezone.localdate(now or timezone.now())
    settings = CoachSettings.objects.filter(trainer=trainer).first()
    quiet_days = settings.quiet_days if settings else CoachSettings().quiet_days
    pending = list(
        _suggestions().pending().for_trainer(trainer).order_by("-created_at")[:50]
    )
    missed = list(
        Session.objects.for_trainer(trainer)
        .filter(
            attendance=Session.Attendance.MISSED,
            starts_at__gte=_midnight(today - timedelta(days=ATTENTION_DAYS)),
        )
        .select_related("client")
        .order_by("-starts_at")[:ATTENTION_LIMIT]
    )
    last_workout = Workout.objects.filter(client=OuterRef("pk")).values("client")
    quiet_since = today - timedelta(days=quiet_days)
    quiet = list(
        Client.objects.for_trainer(trainer)
        .active()
        .filter(
            programs__is_active=True,
            programs__created_at__lt=_midnight(quiet_since),
        )
        .annotate(
            last_workout=Subquery(
                last_workout.annotate(last=Max("performed_on")).values("last")[:1]
            )
        )
        .filter(Q(last_workout__isnull=True) | Q(last_workout__lte=quiet_since))
        .order_by("last_workout", "first_name")[:ATTENTION_LIMIT]
    )
    ending = list(
        Program.objects.active()
        .filter(
            client__trainer=trainer,
            client__is_active=True,
            ends_on__lte=today + timedelta(days=ENDING_DAYS),
        )
        .select_related("client")
        .order_by("ends_on")[:ATTENTION_LIMIT]
    )
    return Attention(
        ending=ending,
        pain=[s for s in pending if s.flagged][:ATTENTION_LIMIT],
        waiting=[s for s in pending if not s.flagged][:ATTENTION_LIMIT],
        missed=missed,
        quiet=quiet,
        quiet_days=quiet_days,
    )


def with_attention(
    clients: QuerySet[Client], *, trainer: User, now: datetime | None = None
) -> QuerySet[Client]:
    """Add to each client ``needs_attention``: whether ``attention_for`` lists them
    (pain reported or a suggestion waiting, a session missed, no workout for the
    trainer's quiet days, a program about to end), and ``last_workout``, the day of
    their latest workout or None. One query for the trainer's settings; the rest is
    in the clients' own query, so it filters and sorts any number of them."""
    today = timezone.localdate(now or timezone.now())
    quiet_days = coach_settings(trainer=trainer).quiet_days
    quiet_since = today - timedelta(days=quiet_days)
    waiting = Suggestion.objects.pending().filter(client=OuterRef("pk"))
    missed = Session.objects.filter(
        client=OuterRef("pk"),
        attendance=Session.Attendance.MISSED,
        starts_at__gte=_midnight(today - timedelta(days=ATTENTION_DAYS)),
    )
    programs = Program.objects.active().filter(client=OuterRef("pk"))
    ending = programs.filter(ends_on__lte=today + timedelta(days=ENDING_DAYS))
    quiet_program = programs.filter(created_at__lt=_midnight(quiet_since))
    return with_last_workout(clients).annotate(
        needs_attention=ExpressionWrapper(
            Exists(waiting)
            | Exists(missed)
            | Exists(ending)
            | (
                Exists(quiet_program)
                & (Q(last_workout__isnull=True) | Q(last_workout__lte=quiet_since))
            ),
            output_field=BooleanField(),
        )
    )
