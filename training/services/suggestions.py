"""Suggestions from the log: made a moment after a workout is saved (by a task, so
that the save is only the save), accepted or dismissed by the trainer. Accepting
goes through the same services as Progress and Regress, so the assignment history
says why, the program follows and the client is told the same way. Any move of the
client sets aside the suggestions it answered, in its own transaction."""

import logging
import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from assessments import rules as start_rules
from assessments.selectors import goal_for_client
from clients.models import Client
from programming.models import Assignment, AssignmentChange, Rung
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
)
from training import progression
from training.models import CoachSettings, Suggestion, Workout, WorkoutExercise
from training.selectors import coach_settings

logger = logging.getLogger(__name__)

SUGGESTION_DECIDED = "This suggestion was already decided."
NOTE_TOO_LONG = "Keep the note under {limit} characters."
RECENT = 12  # logged exercises of a pattern the rules look at
JUDGE_BATCH = 50  # workouts of one client a task judges at once
# A workout not judged this long after its save missed its task (the broker was
# down, the worker died): the sweep dispatches it again.
SWEEP_AFTER = timedelta(seconds=30)
HISTORY_LIMIT = AssignmentChange._meta.get_field("reason").max_length
NOTE_LIMIT = Suggestion._meta.get_field("note").max_length


def suggestions_refresh(*, client: Client, patterns: Iterable[str]) -> list[Suggestion]:
    """Run the rules over the client's latest workouts of each pattern and keep at most
    one pending suggestion per pattern: a new one replaces a different pending one,
    the same one stays, and "wait" puts the pending one aside. Returns the pending
    suggestions it made. Called by the task that judges new workouts, by an accept
    (to look again first), and when the trainer's pain threshold changes."""
    threshold = coach_settings(trainer=client.trainer).pain_threshold
    goal = goal_for_client(client=client)
    made = []
    for pattern in dict.fromkeys(patterns):
        suggestion = _refresh_one(client, pattern, threshold=threshold, goal=goal)
        if suggestion is not None:
            made.append(suggestion)
    return made


def suggestions_judge_logged(*, client_id: int) -> list[Suggestion]:
    """Run the rules over the patterns of the client's workouts not judged yet, and
    mark them judged. Returns the pending suggestions it made. Idempotent: a second
    run finds nothing left to judge, and the rules make the same suggestion from
    the same workouts anyway."""
    with transaction.atomic():
        workouts = list(
            Workout.objects.filter(client_id=client_id, judged_at__isnull=True)
            .order_by("created_at")
            .values_list("pk", flat=True)[:JUDGE_BATCH]
        )
        if not workouts:
            return []
        client = (
            Client.objects.select_related("trainer", "user")
            .filter(pk=client_id)
            .first()
        )
        if client is None:
            return []
        patterns = (
            WorkoutExercise.objects.filter(workout_id__in=workouts)
            .values_list("pattern", flat=True)
            .order_by("pattern")
            .distinct()
        )
        made = suggestions_refresh(client=client, patterns=list(patterns))
        Workout.objects.filter(pk__in=workouts, judged_at__isnull=True).update(
            judged_at=timezone.now()
        )
    if len(workouts) == JUDGE_BATCH:
        transaction.on_commit(lambda: suggestions_dispatch(client_id=client_id))
    return made


def suggestions_dispatch(*, client_id: int) -> None:
    """Hand the client's new workouts to the worker for suggestions. A broker
    outage is logged, not raised: the workouts stay unjudged and the sweep
    dispatches them again."""
    from training.tasks import suggestions_judge_task

    try:
        suggestions_judge_task.delay(client_id)
    except Exception:  # the broker's errors vary by transport
        logger.warning(
            "Broker unavailable; workouts of client %s left for the sweep", client_id
        )


def suggestions_sweep(*, now: datetime | None = None) -> int:
    """Dispatch the clients with a workout that missed its task (not judged a while
    after its save). Idempotent: judging twice makes nothing twice. Returns how
    many clients."""
    before = (now or timezone.now()) - SWEEP_AFTER
    clients = list(
        Workout.objects.filter(judged_at__isnull=True, created_at__lt=before)
        .values_list("client_id", flat=True)
        .order_by("client_id")
        .distinct()[:1000]
    )
    for client_id in clients:
        suggestions_dispatch(client_id=client_id)
    return len(clients)


def _refresh_one(
    client: Client, pattern: str, *, threshold: int, goal: str | None
) -> Suggestion | None:
    """The pattern's pending suggestion after the rules have looked."""
    # The current assignment is locked first, with no joins, as the assignment
    # services lock it: a refresh and a move of the same pattern, or two refreshes,
    # take turns.
    locked = (
        Assignment.objects.select_for_update()
        .filter(client=client, pattern=pattern, is_current=True)
        .values_list("pk", flat=True)
        .first()
    )
    assignment = (
        Assignment.objects.filter(pk=locked)
        .select_related("variation", "ladder")
        .first()
        if locked is not None
        else None
    )
    pending = (
        Suggestion.objects.select_for_update()
        .filter(client=client, pattern=pattern, status=Suggestion.Status.PENDING)
        .first()
    )
    result = None
    rungs: list[Rung] = []
    if assignment is not None:
        rungs = list(assignment.ladder.rungs.select_related("variation"))
        positions = {rung.variation_id: rung.position for rung in rungs}
        ladder = progression.Ladder(
            rungs=[rung.variation.name for rung in rungs],
            ceiling=start_rules.goal_allows(
                pattern,
                goal,
                [
                    start_rules.Rung(r.variation.name, r.variation.from_floor)
                    for r in rungs
                ],
            ),
            goal=start_rules.INPUTS["goal"].show(goal) if goal else "",
        )
        result = progression.suggest(
            pattern,
            _logged(client, pattern, positions),
            ladder,
            positions.get(assignment.variation_id),
            pain_threshold=threshold,
            dismissed=_dismissed(client, assignment, positions),
        )
    if result is None or result.kind == progression.Kind.WAIT:
        if pending is not None:
            _set_aside(pending)
        return None
    fields = {
        "kind": result.kind.value,
        "assignment": assignment,
        "from_variation": assignment.variation,
        "to_variation": rungs[result.to_position - 1].variation
        if result.to_position
        else None,
        "load": result.load,
        "load_unit": assignment.load_unit,
    }
    same = pending is not None and all(
        getattr(pending, name) == value for name, value in fields.items()
    )
    if same:
        return pending
    if pending is not None:
        _set_aside(pending)
    suggestion = Suggestion(
        client=client,
        pattern=pattern,
        reason=Truncator(result.reason).chars(300),
        rule=result.rule,
        flagged=result.flagged,
        based_on=[day.isoformat() for day in result.based_on],
        **fields,
    )
    suggestion.full_clean(validate_constraints=False)
    suggestion.save()
    return suggestion


def _dismissed(
    client: Client, assignment: Assignment, positions: dict[int, int]
) -> progression.Dismissed | None:
    """The trainer's last dismissal of a move from the client's current variation,
    with its day in the client's time zone."""
    last = (
        Suggestion.objects.filter(
            client=client,
            pattern=assignment.pattern,
            from_variation_id=assignment.variation_id,
            status=Suggestion.Status.DISMISSED,
            decided_at__isnull=False,
        )
        .order_by("-decided_at", "-pk")
        .only("kind", "to_variation_id", "decided_at")
        .first()
    )
    if last is None:
        return None
    zone = zoneinfo.ZoneInfo(client.time_zone)
    return progression.Dismissed(
        kind=progression.Kind(last.kind),
        to_position=positions.get(last.to_variation_id),
        at=last.decided_at,
        on=last.decided_at.astimezone(zone).date(),
    )


def _logged(client: Client, pattern: str, positions: dict[int, int]):
    exercises = (
        WorkoutExercise.objects.filter(workout__client=client, pattern=pattern)
        .select_related("workout", "variation", "prescription")
        .prefetch_related("sets")
        .order_by("-workout__performed_on", "-workout_id", "position")[:RECENT]
    )
    return [
        progression.Logged(
            on=e.workout.performed_on,
            variation=e.variation.name,
            position=positions.get(e.variation_id),
            complete=_complete(e),
            rpe=e.rpe,
            pain=e.pain,
            where=e.pain_where,
            load=max((s.load for s in e.sets.all() if s.load), default=None),
            load_unit=next((s.load_unit for s in e.sets.all()), "kg"),
            logged_at=e.workout.created_at,
        )
        for e in exercises
    ]


def _complete(exercise: WorkoutExercise) -> bool:
    """Every prescribed set done, each to the prescribed reps, time or distance."""
    target = exercise.prescription
    sets = list(exercise.sets.all())
    if target is None or len(sets) < target.sets:
        return False
    for measure in ("reps", "seconds", "distance_m"):
        wanted = getattr(target, measure)
        if wanted is not None:
            return all((getattr(s, measure) or 0) >= wanted for s in sets)
    return True


def _set_aside(suggestion: Suggestion) -> None:
    suggestion.status = Suggestion.Status.REPLACED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at", "updated_at"])


def _lock_pending(suggestion: Suggestion) -> Suggestion:
    """The suggestion, locked, while it is still pending."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.PENDING:
        raise ValidationError(SUGGESTION_DECIDED)
    return locked


def _supersede(suggestion: Suggestion) -> None:
    suggestion.status = Suggestion.Status.SUPERSEDED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at", "updated_at"])


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, trainer: User) -> Suggestion:
    """Apply a suggestion through the assignment services: the history says "From
    the workouts of 3 and 5 Dec: ...", the program follows and the client is told
    as of any move. A flag (pain on the first rung) is acknowledged, with no move.

    Refused when already decided. The rules look again first, at the latest
    workouts (a workout saved a moment ago may not have been judged yet): one they
    no longer make is replaced by what they make now (its status says so:
    ``REPLACED``), and one made for a variation the client is no longer on is set
    aside (``SUPERSEDED``). Either way nothing moves."""
    suggestion = _lock_pending(suggestion)
    client = suggestion.client
    current = (
        Assignment.objects.current()
        .filter(client=client, pattern=suggestion.pattern)
        .first()
    )
    if current is None or current.variation_id != suggestion.from_variation_id:
        _supersede(suggestion)
        return suggestion
    now = suggestions_refresh(client=client, patterns=[suggestion.pattern])
    if not any(s.pk == suggestion.pk for s in now):
        suggestion.refresh_from_db()
        return suggestion
    reason = Truncator(f"{_from_workouts(suggestion)}: {suggestion.reason}").chars(
        HISTORY_LIMIT
    )
    # Decided before the move, so that the move sets aside only the others.
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.decided_by = trainer
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    kind = suggestion.kind
    if kind == Suggestion.Kind.PROGRESS:
        assignment_progress(assignment=current, changed_by=trainer, reason=reason)
    elif kind == Suggestion.Kind.REGRESS and _one_below(current, suggestion):
        assignment_regress(assignment=current, changed_by=trainer, reason=reason)
    elif kind == Suggestion.Kind.REGRESS:
        assignment_set(
            client=client,
            variation=suggestion.to_variation,
            ladder=current.ladder,
            changed_by=trainer,
            reason=reason,
        )
    elif kind == Suggestion.Kind.LOAD:
        assignment_set(
            client=client,
            variation=current.variation,
            changed_by=trainer,
            reason=reason,
            load=suggestion.load,
            load_unit=suggestion.load_unit,
        )
    return suggestion


def suggestions_supersede(
    *, change: AssignmentChange, moved: bool, load_changed: bool
) -> int:
    """Set aside the pending suggestions of the client's pattern that a change of
    their assignment answered: all of them when the client moved (up, down or to
    another variation, by hand or not), a load step when the load changed. In the
    change's transaction, so every page drops them at once. Returns how many."""
    if not (moved or load_changed):
        return 0
    assignment = change.assignment
    pending = Suggestion.objects.pending().filter(
        client_id=assignment.client_id, pattern=assignment.pattern
    )
    if not moved:
        pending = pending.filter(kind=Suggestion.Kind.LOAD)
    now = timezone.now()
    return pending.update(
        status=Suggestion.Status.SUPERSEDED, decided_at=now, updated_at=now
    )


def _one_below(current: Assignment, suggestion: Suggestion) -> bool:
    positions = dict(current.ladder.rungs.values_list("variation_id", "position"))
    here = positions.get(current.variation_id)
    there = positions.get(suggestion.to_variation_id)
    return here is not None and there == here - 1


def _from_workouts(suggestion: Suggestion) -> str:
    days = []
    for iso in suggestion.based_on or []:
        try:
            days.append(date.fromisoformat(iso))
        except (TypeError, ValueError):
            continue
    if not days:
        return "From the workouts"
    return f"From the workouts of {progression.dates(sorted(days))}"


@transaction.atomic
def suggestion_dismiss(
    *, suggestion: Suggestion, trainer: User, note: str = ""
) -> Suggestion:
    """Put a suggestion aside, with why; the record stays."""
    suggestion = _lock_pending(suggestion)
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"note": NOTE_TOO_LONG.format(limit=NOTE_LIMIT)})
    suggestion.status = Suggestion.Status.DISMISSED
    suggestion.decided_by = trainer
    suggestion.decided_at = timezone.now()
    suggestion.note = note
    suggestion.save(
        update_fields=["status", "decided_by", "decided_at", "note", "updated_at"]
    )
    return suggestion


@transaction.atomic
def coach_settings_update(
    *, trainer: User, pain_threshold: int, quiet_days: int
) -> CoachSettings:
    """Change the trainer's pain threshold and days without a workout. A new
    threshold runs the rules again wherever it judges logged pain otherwise, so
    that the waiting suggestions (and the pain the dashboard lists) follow it."""
    current = coach_settings(trainer=trainer)
    before = current.pain_threshold
    current.pain_threshold = pain_threshold
    current.quiet_days = quiet_days
    current.full_clean(validate_unique=False)
    current.save()
    if pain_threshold != before:
        _rejudge_pain(
            trainer=trainer,
            low=min(before, pain_threshold),
            high=max(before, pain_threshold),
        )
    return current


def _rejudge_pain(*, trainer: User, low: int, high: int) -> None:
    """Refresh the suggestions of each pattern of the trainer's clients with pain
    logged from ``low`` to under ``high``: flagged by one threshold, not the other."""
    logged = (
        WorkoutExercise.objects.filter(
            workout__client__trainer=trainer, pain__gte=low, pain__lt=high
        )
        .values_list("workout__client_id", "pattern")
        .distinct()
        .order_by()
    )
    patterns: dict[int, list[str]] = {}
    for client_id, pattern in logged:
        patterns.setdefault(client_id, []).append(pattern)
    for client in Client.objects.filter(pk__in=patterns).select_related("trainer"):
        suggestions_refresh(client=client, patterns=patterns[client.pk])
