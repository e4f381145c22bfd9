"""What a client's recent workouts say about each pattern: back down the ladder, up a
rung, more load, or wait. The coach's method as rules.

Pure Python over plain data, like the starting rules (``assessments/rules.py``), so
that the rules can be read in one place, tested by a table of cases and checked for
properties, and the trainers' rules page renders this same table (``RULES``).

For one pattern, from its logged exercises, newest first, the first rule that holds
decides:

1. **pain**: the latest one hurt at or above the trainer's threshold: one rung down,
   and further past every rung below that hurt lately, to the last one without
   pain; flagged for the trainer. On the first rung there is nowhere lower: flagged,
   to address it before loading.
2. **earned**: the last two days of the current rung each did every prescribed
   set and rep, at an effort of RPE 7 or less, pain-free: the next rung, one rung
   only; at the top rung the client's goal allows (the floor deadlift is for
   strength and power, not for everyone), a load step instead. Several logs on one
   day are one day, and each of them must be done well.
3. **wait**: anything else, and too little data, say why and change nothing.

A move the trainer dismissed comes back only when the workouts logged after the
dismissal earn it on their own (``Dismissed``), and then says it was dismissed before.

More pain never gives a higher suggestion; no suggestion skips a rung up; none goes
past the goal's ceiling; missing or odd data never raises, it only makes the rules
wait.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

EASY_EFFORT = 7  # RPE at or below this counts as easy
WORKOUTS_NEEDED = 2
LOAD_STEP = {"kg": Decimal("2.5"), "lb": Decimal(5)}


class Principle(StrEnum):
    PAIN_FREE = "Pain-free before progress: pain sends a client back down the ladder"
    EARNED = "A rung is earned: the prescribed work, done well and pain-free, twice"
    DESTINATION = "The top a goal allows is a destination: past it, add load instead"
    ENOUGH_DATA = "Decide from what was done: with too little logged, wait"


class Kind(StrEnum):
    REGRESS = "regress"
    PROGRESS = "progress"
    LOAD = "load"
    FLAG = "flag"  # pain on the first rung: nowhere lower, address it
    WAIT = "wait"


@dataclass(frozen=True)
class Rule:
    """One row of the table the rules page shows."""

    name: str
    when: str
    then: str
    principle: Principle


RULES = (
    Rule(
        "pain",
        "The latest workout of the pattern hurt at or above the trainer's pain "
        "threshold",
        "One rung down, and further past every rung below that hurt lately; flag "
        "it. On the first rung, flag it to address before loading",
        Principle.PAIN_FREE,
    ),
    Rule(
        "earned",
        f"The last {WORKOUTS_NEEDED} days of the current rung each did every "
        f"prescribed set and rep, at RPE {EASY_EFFORT} or less, pain-free (several "
        "logs on one day count as one day)",
        "The next rung, one rung only",
        Principle.EARNED,
    ),
    Rule(
        "ceiling",
        "The same, on the top rung the client's goal allows",
        f"A load step instead: +{LOAD_STEP['kg']} kg (+{LOAD_STEP['lb']} lb)",
        Principle.DESTINATION,
    ),
    Rule(
        "wait",
        f"Fewer than {WORKOUTS_NEEDED} days of the current rung, an effort above "
        f"RPE {EASY_EFFORT} or not recorded, or sets and reps short",
        "No change yet, and the reason says what is missing",
        Principle.ENOUGH_DATA,
    ),
)


@dataclass(frozen=True)
class Logged:
    """One logged exercise of the pattern, as the rules see it."""

    on: date
    variation: str
    position: int | None  # its rung on the client's ladder; None when off it
    complete: bool  # every prescribed set and rep (or time, or distance) done
    rpe: int | None = None
    pain: int | None = None
    where: str = ""
    load: Decimal | None = None
    load_unit: str = "kg"
    logged_at: datetime | None = None  # when it was saved; None: long ago


@dataclass(frozen=True)
class Dismissed:
    """The trainer's last dismissal of a move on the client's current rung: the
    move (its kind and target rung), when it was dismissed and on which day of the
    client's."""

    kind: "Kind"
    to_position: int | None
    at: datetime
    on: date

    def matches(self, suggestion: "Suggestion") -> bool:
        return (self.kind, self.to_position) == (
            suggestion.kind,
            suggestion.to_position,
        )


@dataclass(frozen=True)
class Ladder:
    """The client's ladder for the pattern: its rung names, easiest first, and the
    highest rung the client's goal allows."""

    rungs: Sequence[str]
    ceiling: int
    goal: str = ""

    def name(self, position: int) -> str:
        return self.rungs[position - 1]


@dataclass(frozen=True)
class Suggestion:
    pattern: str
    kind: Kind
    reason: str
    rule: str
    to_position: int | None = None
    load: Decimal | None = None
    flagged: bool = False
    based_on: tuple[date, ...] = ()

    @property
    def principle(self) -> Principle:
        return next(r.principle for r in RULES if r.name == self.rule)

    @property
    def is_a_move(self) -> bool:
        return self.kind in {Kind.REGRESS, Kind.PROGRESS, Kind.LOAD}


def suggest(
    pattern: str,
    logged: Sequence[Logged],
    ladder: Ladder,
    current: int | None,
    *,
    pain_threshold: int,
    dismissed: Dismissed | None = None,
) -> Suggestion:
    """At most one suggestion for ``pattern`` from its logged exercises (newest
    first), for a client on rung ``current`` of ``ladder`` (None: off the ladder).
    The move ``dismissed`` names is made again only when the exercises logged after
    the dismissal make it on their own."""
    logged = [entry for entry in logged if isinstance(entry, Logged)]
    suggestion = _suggest(pattern, logged, ladder, current, pain_threshold)
    if dismissed is None or not dismissed.matches(suggestion):
        return suggestion
    since = [
        entry
        for entry in logged
        if isinstance(entry.logged_at, datetime) and _after(entry.logged_at, dismissed)
    ]
    again = _suggest(pattern, since, ladder, current, pain_threshold)
    when = dates([dismissed.on])
    if not dismissed.matches(again):
        why = "the workouts logged do not make the same move."
        if again.rule == "wait":
            why = again.reason.removeprefix("No change yet: ")
        return _wait(pattern, f"dismissed on {when}; since then, {why}")
    return replace(again, reason=f"Dismissed before, on {when}; again: {again.reason}")


def _after(logged_at: datetime, dismissed: Dismissed) -> bool:
    try:
        return logged_at > dismissed.at
    except TypeError:  # one aware, one naive: the rules never guess
        return False


def _suggest(
    pattern: str,
    logged: Sequence[Logged],
    ladder: Ladder,
    current: int | None,
    pain_threshold: int,
) -> Suggestion:
    if not logged:
        return _wait(pattern, "nothing logged yet for this pattern.")
    if current is None or not 1 <= current <= len(ladder.rungs):
        return _wait(pattern, "the current variation is not on the ladder.")
    latest = logged[0]
    if hurts(latest.pain, pain_threshold):
        return _after_pain(pattern, logged, ladder, current, pain_threshold)
    on_rung = [entry for entry in logged if entry.position == current]
    # Several logs on one day are one day: the latest days, and every log of them.
    latest_days = sorted({entry.on for entry in on_rung}, reverse=True)
    latest_days = latest_days[:WORKOUTS_NEEDED]
    if len(latest_days) < WORKOUTS_NEEDED:
        return _wait(
            pattern,
            f"{WORKOUTS_NEEDED} days of {ladder.name(current)} are needed to "
            f"decide; {len(latest_days)} so far.",
        )
    recent = [entry for entry in on_rung if entry.on in latest_days]
    not_yet = _not_yet(recent, pain_threshold)
    if not_yet:
        return _wait(pattern, not_yet)
    days = tuple(reversed(latest_days))
    done = (
        f"every set and rep at RPE {EASY_EFFORT} or less, pain-free, on {dates(days)}"
    )
    if current < min(ladder.ceiling, len(ladder.rungs)):
        target = current + 1
        return Suggestion(
            pattern,
            Kind.PROGRESS,
            f"{_capfirst(done)}: move up to {ladder.name(target)}.",
            "earned",
            to_position=target,
            based_on=days,
        )
    load = _heaviest(recent)
    unit = load[1] if load else "kg"
    step = LOAD_STEP.get(unit, LOAD_STEP["kg"])
    goal = f"the goal of {ladder.goal}" if ladder.goal else "the goal"
    return Suggestion(
        pattern,
        Kind.LOAD,
        f"{_capfirst(done)}, on the top rung {goal} allows: add {_number(step)} "
        f"{unit} to {ladder.name(current)}.",
        "ceiling",
        to_position=current,
        load=(load[0] if load else Decimal(0)) + step,
        based_on=days,
    )


def hurts(pain: object, threshold: int) -> bool:
    """Pain worth the trainer's attention: at or above their threshold. The one
    judgement of pain, for the rules and for every page that flags it."""
    return isinstance(pain, int) and pain >= threshold


def _after_pain(
    pattern: str,
    logged: Sequence[Logged],
    ladder: Ladder,
    current: int,
    threshold: int,
) -> Suggestion:
    latest = logged[0]
    where = f" in the {latest.where.strip()}" if latest.where.strip() else ""
    said = f"Pain {latest.pain}/10{where} on {dates([latest.on])} at {latest.variation}"
    if current == 1:
        return Suggestion(
            pattern,
            Kind.FLAG,
            f"{said}, on the first rung: address it before loading, pain-free first.",
            "pain",
            flagged=True,
            based_on=(latest.on,),
        )
    # One rung down, and further past every rung below that hurt lately.
    hurt_at = {e.position for e in logged if hurts(e.pain, threshold)}
    target = current - 1
    while target > 1 and target in hurt_at:
        target -= 1
    return Suggestion(
        pattern,
        Kind.REGRESS,
        f"{said}: go back to {ladder.name(target)}, pain-free first.",
        "pain",
        to_position=target,
        flagged=True,
        based_on=(latest.on,),
    )


def _not_yet(recent: Sequence[Logged], threshold: int) -> str:
    """Why the last workouts of the rung do not earn the next one, or ""."""
    for entry in recent:
        when = dates([entry.on])
        if not entry.complete:
            return f"sets or reps short on {when}: stay until they are all done."
        if not isinstance(entry.rpe, int):
            return f"no effort recorded on {when}: log the RPE to decide."
        if entry.rpe > EASY_EFFORT:
            return (
                f"RPE {entry.rpe} on {when}: stay on the rung until it is "
                f"{EASY_EFFORT} or less."
            )
        if isinstance(entry.pain, int) and entry.pain > 0:
            return f"pain {entry.pain}/10 on {when}: stay until it is pain-free."
    return ""


def _heaviest(entries: Sequence[Logged]) -> tuple[Decimal, str] | None:
    loads = [
        (e.load, e.load_unit)
        for e in entries
        if isinstance(e.load, Decimal) and e.load.is_finite()
    ]
    return max(loads, default=None)


def _wait(pattern: str, why: str) -> Suggestion:
    return Suggestion(pattern, Kind.WAIT, f"No change yet: {why}", "wait")


def dates(days: Sequence[date]) -> str:
    """ "3 Dec", "3 and 5 Dec", "28 Nov and 2 Dec"."""
    parts = [f"{d.day} {d:%b}" for d in days]
    if len(days) == 2 and days[0].month == days[1].month:
        parts[0] = str(days[0].day)
    return " and ".join(parts)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]
