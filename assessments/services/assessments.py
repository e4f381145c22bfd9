"""Starting, recording, deleting and accepting assessments.

A service refuses with a ``ValidationError`` and writes nothing (each is atomic) when
the trainer is not the client's, a result is out of its test's range, a test is not
in the protocol, or an override has no reason.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from accounts.models import User
from assessments.models import (
    Assessment,
    Protocol,
    ProtocolTest,
    Result,
    ScreenTest,
    StartDecision,
)
from assessments.selectors import SheetRow, recommendations_for, start_options
from assessments.services.screens import NOT_YOUR_PROTOCOL
from clients.models import Client
from programming.models import Assignment, AssignmentChange, Pattern
from programming.services import assignment_set
from screening.gate import training_gate_check

NOT_IN_PROTOCOL = "This test is not part of the assessment's protocol."
IN_THE_FUTURE = "The date cannot be in the future."
ALREADY_FINISHED = "This assessment is finished: its results can no longer change."
NOT_FINISHED = "Finish the assessment before setting starting rungs from it."
NOTHING_RECORDED = "Record at least one result before finishing."
NOTE_NEEDS_RESULT = "Record a result to keep a note with it."
NOTE_TOO_LONG = "Keep the note under {limit} characters."
ONLY_DRAFTS_DELETED = "Only a draft can be deleted: a finished assessment is a record."
NOTHING_CHOSEN = "Choose at least one pattern to set."
NO_RECOMMENDATION = "This assessment has no recommendation for this pattern."
NOT_ON_LADDER = "Choose a rung of the ladder shown."
OVERRIDE_NEEDS_REASON = "Say why you start the client on another rung."
REASON_TOO_LONG = "Keep the reason under {limit} characters."
# Moving more rungs than this at once skips the steps that teach the pattern: the
# trainer confirms it first.
MAX_JUMP = 2
JUMP_NEEDS_CONFIRMING = (
    "That is {steps} rungs above where the client is now (rung {position}). "
    "Confirm the jump, or choose a nearer rung."
)

PATTERN_ORDER = {pattern: n for n, pattern in enumerate(Pattern)}
NOTE_LIMIT = Result._meta.get_field("note").max_length
REASON_LIMIT = StartDecision._meta.get_field("reason").max_length
HISTORY_LIMIT = AssignmentChange._meta.get_field("reason").max_length


def _check_date(assessed_on: date) -> None:
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": IN_THE_FUTURE})


def assessment_start(
    *, trainer: User, client: Client, protocol: Protocol, assessed_on: date
) -> Assessment:
    """Start a draft assessment of ``client`` (from an ownership-checked selector)
    on ``protocol``. Refused for another trainer's protocol, or a date in the
    future."""
    if protocol.owner_id not in (None, trainer.pk):
        raise ValidationError({"protocol": NOT_YOUR_PROTOCOL})
    _check_date(assessed_on)
    training_gate_check(client=client)
    assessment = Assessment(
        client=client,
        protocol=protocol,
        assessed_by=trainer,
        assessed_on=assessed_on,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_record(
    *,
    assessment: Assessment,
    results: Mapping[int, Any],
    notes: Mapping[int, str] | None = None,
    assessed_on: date | None = None,
    summary: str | None = None,
    finish: bool = False,
) -> Assessment:
    """Save the results of a draft, test by test (keyed by test id), and finish it
    when ``finish``. ``results`` is the whole sheet: a test left out, or None, has
    no result. Every value is checked against its test (range, unit, answers) and
    every test must be in the protocol; on any error nothing is saved and the
    ``ValidationError`` names the test ids. Finishing keeps the recommendation."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_draft:
        raise ValidationError(ALREADY_FINISHED)
    notes = notes or {}
    items = ProtocolTest.objects.filter(protocol_id=assessment.protocol_id)
    tests = {item.test_id: item.test for item in items.select_related("test")}

    errors: dict[str, list[str]] = {}
    values: dict[int, Any] = {}
    for test_id, value in results.items():
        test = tests.get(test_id)
        if test is None:
            errors[str(test_id)] = [NOT_IN_PROTOCOL]
        elif value is not None and value != "":
            try:
                values[test_id] = test.clean_value(value)
            except ValidationError as exc:
                errors[str(test_id)] = exc.messages
    for test_id, note in notes.items():
        note = note.strip()
        if test_id not in tests:
            errors.setdefault(str(test_id), [NOT_IN_PROTOCOL])
        elif note and test_id not in values and str(test_id) not in errors:
            errors[f"{test_id}-note"] = [NOTE_NEEDS_RESULT]
        elif len(note) > NOTE_LIMIT:
            errors[f"{test_id}-note"] = [NOTE_TOO_LONG.format(limit=NOTE_LIMIT)]
    if assessed_on is not None:
        try:
            _check_date(assessed_on)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if finish and not values and not errors:
        errors["__all__"] = [NOTHING_RECORDED]
    if errors:
        raise ValidationError(errors)

    _write_results(assessment, tests, values, notes)
    if assessed_on is not None:
        assessment.assessed_on = assessed_on
    if summary is not None:
        assessment.notes = summary.strip()
    if finish:
        rows = [
            SheetRow(test, _unsaved(test, values[pk]) if pk in values else None)
            for pk, test in tests.items()
        ]
        assessment.recommendations = recommendations_for(rows)
        assessment.status = Assessment.Status.DONE
        assessment.finished_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


def _unsaved(test: ScreenTest, value: Any) -> Result:
    return Result(test=test, **Result.columns_for(test, value))


def _write_results(
    assessment: Assessment,
    tests: Mapping[int, ScreenTest],
    values: Mapping[int, Any],
    notes: Mapping[int, str],
) -> None:
    """Make the stored results exactly ``values``: three queries at most."""
    Result.objects.filter(assessment=assessment).exclude(test_id__in=values).delete()
    existing = {r.test_id: r for r in Result.objects.filter(assessment=assessment)}
    now = timezone.now()
    new, changed = [], []
    for test_id, value in values.items():
        columns = Result.columns_for(tests[test_id], value)
        columns["note"] = notes.get(test_id, "").strip()
        result = existing.get(test_id)
        if result is None:
            new.append(Result(assessment=assessment, test_id=test_id, **columns))
        else:
            for name, column in columns.items():
                setattr(result, name, column)
            result.updated_at = now
            changed.append(result)
    Result.objects.bulk_create(new)
    Result.objects.bulk_update(
        changed, ["number", "flag", "choice", "note", "updated_at"]
    )


def assessment_delete(*, assessment: Assessment) -> None:
    """Delete a draft. A finished assessment is a record and stays."""
    if not assessment.is_draft:
        raise ValidationError(ONLY_DRAFTS_DELETED)
    assessment.delete()


@dataclass(frozen=True)
class RungChoice:
    """The trainer's choice for one pattern: the recommended rung (``variation_id``
    None or the recommended one) or another rung of the same ladder, with a
    reason."""

    pattern: str
    variation_id: int | None = None
    reason: str = ""
    confirm_jump: bool = False


def rung_jump(option, rung, current_variation_id: int | None) -> int:
    """How many rungs above the client's current one ``rung`` is, when that is more
    than ``MAX_JUMP`` on the same ladder; 0 otherwise (a smaller step, a step down,
    a first assignment or another ladder)."""
    now = option.rung_for(current_variation_id) if current_variation_id else None
    if now is None:
        return 0
    steps = rung.position - now.position
    return steps if steps > MAX_JUMP else 0


@transaction.atomic
def assessment_accept(
    *, assessment: Assessment, trainer: User, choices: Sequence[RungChoice]
) -> list[StartDecision]:
    """Set the client's assignments from a finished assessment, for the patterns in
    ``choices``: the recommended rung, or another rung of the same ladder with a
    reason. All or nothing. Each assignment's history names the assessment and its
    reasons. The ladder is the trainer's own for the pattern when it holds the
    recommended variation, else the built-in one."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    client = assessment.client
    if assessment.is_draft:
        raise ValidationError(NOT_FINISHED)
    if not choices:
        raise ValidationError(NOTHING_CHOSEN)
    training_gate_check(client=client)
    options = start_options(
        trainer=client.trainer, recommendations=assessment.recommendations
    )
    errors: dict[str, list[str]] = {}
    plan = []
    current = dict(
        Assignment.objects.current()
        .filter(client=client)
        .values_list("pattern", "variation_id")
    )
    for choice in sorted(choices, key=lambda c: PATTERN_ORDER.get(c.pattern, 0)):
        option = options.get(choice.pattern)
        if option is None:
            errors[choice.pattern] = [NO_RECOMMENDATION]
            continue
        rung = option.rung_for(choice.variation_id or option.rung.variation_id)
        reason = choice.reason.strip()
        is_override = rung is not None and rung != option.rung
        if rung is None:
            errors[choice.pattern] = [NOT_ON_LADDER]
        elif is_override and not reason:
            errors[f"{choice.pattern}-reason"] = [OVERRIDE_NEEDS_REASON]
        elif len(reason) > REASON_LIMIT:
            errors[f"{choice.pattern}-reason"] = [
                REASON_TOO_LONG.format(limit=REASON_LIMIT)
            ]
        elif (
            jump := rung_jump(option, rung, current.get(choice.pattern))
        ) and not choice.confirm_jump:
            errors[f"{choice.pattern}-jump"] = [
                JUMP_NEEDS_CONFIRMING.format(steps=jump, position=rung.position - jump)
            ]
        else:
            plan.append((option, rung, is_override, reason))
    if errors:
        raise ValidationError(errors)

    decisions = []
    for option, rung, is_override, reason in plan:
        assignment_set(
            client=client,
            variation=rung.variation,
            ladder=option.ladder,
            changed_by=trainer,
            reason=_history_reason(assessment, option, is_override, reason),
        )
        decision, _ = StartDecision.objects.update_or_create(
            assessment=assessment,
            pattern=option.pattern,
            defaults={
                "variation": rung.variation,
                "ladder": option.ladder,
                "position": rung.position,
                "is_override": is_override,
                "reason": reason if is_override else "",
                "decided_by": trainer,
            },
        )
        decisions.append(decision)
    return decisions


def _history_reason(assessment, option, is_override: bool, reason: str) -> str:
    when = date_format(assessment.assessed_on, "j M Y")
    rec = assessment.recommendations[option.pattern]
    if is_override:
        text = f"{reason} (the rules said rung {rec['position']}: {rec['rung']})"
    else:
        text = " ".join(rec["reasons"])
    return Truncator(f"Assessment of {when}: {text}").chars(HISTORY_LIMIT)
