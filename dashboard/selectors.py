"""Reads for the composed pages: each calls the selectors of the apps it shows."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import MD5, Cast
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clients.models import Client, ClientTag
from programming.models import Assignment, Program, TrainingDay
from programming.selectors import clients_on_rung
from programming.selectors.assignments import with_rung
from training.models import Workout
from training.selectors import with_attention, with_compliance, with_last_workout


def user_landing_url(*, user: User) -> str:
    """Where a user lands after logging in: trainers on their dashboard, clients on
    their program, admins in the admin."""
    if user.is_trainer:
        return reverse("dashboard:index")
    if user.is_client:
        return reverse("dashboard:my_program")
    return reverse("admin:index")


SORTS = {
    "name": ["first_name", "last_name", "pk"],
    "attention": ["-needs_attention", "first_name", "last_name", "pk"],
    "idle": [F("last_workout").asc(nulls_first=True), "first_name", "last_name", "pk"],
    "recent": [
        F("last_workout").desc(nulls_last=True),
        "first_name",
        "last_name",
        "pk",
    ],
    "newest": ["-created_at", "-pk"],
}


def client_list_for_dashboard(
    *,
    trainer: User,
    search: str = "",
    needs_attention: bool = False,
    no_program: bool = False,
    idle_days: int | None = None,
    pattern: str = "",
    position: int | None = None,
    tag: str = "",
    sort: str = "name",
    now: datetime | None = None,
) -> QuerySet[Client]:
    """The trainer's active clients, the dashboard's list: those matching ``search``
    and every filter given (who needs attention as ``attention_for`` lists them, no
    active program, no workout in ``idle_days`` days, on rung ``position`` of
    ``pattern``'s ladder or not assigned on it with None, tagged ``tag``), in the
    order ``sort`` names (``SORTS``). Only what names each one's row in the cache:
    ``client_rows`` loads the rest."""
    clients = Client.objects.for_trainer(trainer).active().search(search)
    if needs_attention or sort in ("attention", "idle", "recent") or idle_days:
        clients = with_attention(clients, trainer=trainer, now=now)
    if needs_attention:
        clients = clients.filter(needs_attention=True)
    if no_program:
        clients = clients.filter(
            ~Exists(Program.objects.active().filter(client=OuterRef("pk")))
        )
    if idle_days:
        today = timezone.localdate(now or timezone.now())
        since = today - timedelta(days=idle_days)
        clients = clients.filter(
            Q(last_workout__isnull=True) | Q(last_workout__lte=since)
        )
    if pattern:
        clients = clients_on_rung(clients, pattern=pattern, position=position)
    if tag:
        clients = clients.tagged(tag)
    return clients.order_by(*SORTS.get(sort, SORTS["name"])).only("pk", "revision")


def tag_list(*, trainer: User) -> list[str]:
    """The tags the trainer gave their active clients, each once whatever its case,
    in alphabetical order."""
    names = (
        ClientTag.objects.filter(client__trainer=trainer, client__is_active=True)
        .values_list("name", flat=True)
        .distinct()
    )
    unique = {name.casefold(): name for name in sorted(names, reverse=True)}
    return sorted(unique.values(), key=str.casefold)


@dataclass
class RowData:
    """What a client's dashboard row shows, as plain data: no model instance."""

    pk: int
    first_name: str
    last_name: str
    email: str
    last_workout: date | None
    logged_recently: int
    planned_recently: int
    tags: list[str] = field(default_factory=list)
    # (pk, name) of the active program, if any.
    program: tuple[int, str] | None = None
    # pattern -> (variation name, rung position or None, ladder length or None)
    rungs: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def client_rows(*, trainer: User, pks: list[int]) -> dict[int, RowData]:
    """Those of the trainer's clients, as their dashboard rows show them (``RowData``):
    names, the last workout and the share of planned workouts logged lately, tags,
    the active program and the current rung on every pattern. Four queries whatever
    their number, each of only the columns the row shows."""
    clients = with_last_workout(
        with_compliance(Client.objects.for_trainer(trainer).filter(pk__in=pks))
    ).values_list(
        "pk",
        "first_name",
        "last_name",
        "email",
        "last_workout",
        "logged_recently",
        "planned_recently",
    )
    rows = {pk: RowData(pk, *rest) for pk, *rest in clients}
    found = list(rows)
    for client_id, name in ClientTag.objects.filter(client_id__in=found).values_list(
        "client_id", "name"
    ):
        rows[client_id].tags.append(name)
    for client_id, pk, name in (
        Program.objects.active()
        .filter(client_id__in=found)
        .values_list("client_id", "pk", "name")
    ):
        rows[client_id].program = rows[client_id].program or (pk, name)
    for client_id, pattern, variation, position, length in (
        with_rung(Assignment.objects.current().filter(client_id__in=found))
        .order_by()
        .values_list(
            "client_id", "pattern", "variation__name", "rung_position", "ladder_length"
        )
    ):
        rows[client_id].rungs[pattern] = (variation, position, length)
    return rows


def clients_revision(*, trainer: User) -> str:
    """One revision for all of the trainer's clients: it changes whenever any of
    theirs does, or a client comes or goes."""
    clients = Client.objects.filter(trainer=trainer)
    revision = Cast("revision", CharField())
    if connection.vendor == "postgresql":
        # Digested where they are: none of the trainer's rows is sent to Python.
        digest = MD5(StringAgg(revision, "", order_by="pk"))
        return clients.aggregate(digest=digest)["digest"] or ""
    revisions = clients.order_by("pk").values_list(revision, flat=True)
    return hashlib.md5("".join(revisions).encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class NextDay:
    """The training day to do next, and the workout of the program logged last (None
    before the first)."""

    day: TrainingDay
    last: Workout | None


def day_after(days: list[TrainingDay], last_day_id: int | None) -> TrainingDay | None:
    """The day after the one with ``last_day_id`` among ``days`` (in their order),
    back to the first after the last; the first when ``last_day_id`` is None or not
    among them. A day with no exercise is skipped; None when every day is empty."""
    ready = [d for d in days if d.exercises]
    if not ready:
        return None
    ids = [d.pk for d in days]
    if last_day_id not in ids:
        return ready[0]
    after = ids.index(last_day_id) + 1
    # The ready days after the last one logged, then from the start again.
    for day in days[after:] + days[:after]:
        if day.exercises:
            return day
    return ready[0]  # pragma: no cover: ``ready`` is not empty


def next_training_day(*, client: Client, program: Program | None) -> NextDay | None:
    """The day of ``program`` (the client's active one, its days loaded) to do next:
    the day after the one of its days logged last, cycling (``day_after``). One
    query; None without a program or with nothing to do in it."""
    if program is None:
        return None
    last = (
        Workout.objects.filter(client=client, day__program=program)
        .order_by("-performed_on", "-pk")
        .only("pk", "day_id", "day_name", "performed_on")
        .first()
    )
    day = day_after(list(program.days.all()), last and last.day_id)
    return NextDay(day=day, last=last) if day else None
