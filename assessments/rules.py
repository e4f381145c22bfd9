"""Where a client starts on each pattern's ladder, and why: the coach's method as rules.

Pure Python over a plain mapping of results, ``{test key: value}``, and the built-in
ladders as plain data, so the rules can be read in one place, tested by a table of
cases and checked for properties. The trainers' rules page is rendered from these same
tables (``describe``), so the words on it are the words the rules use.

For each pattern:

- every ``Rule`` reads one result; when the result is *worse than* the rule's
  threshold the rule fires and limits the start: at most some rung, no lifts from the
  floor yet, or (pain, a recent injury) rung 1 and "address it before loading";
- the start is the highest rung that every fired rule allows;
- a result the pattern needs that is missing or unreadable counts as the worst
  possible: rung 1, and the reasons name what is missing.

A worse result can only fire more rules, never fewer, so more impairment never gives a
more advanced rung.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

# --- What the rules read --------------------------------------------------------------


class Principle(StrEnum):
    """The coach's method: every result the rules read serves one of these."""

    SAFETY = "Pain or a recent injury: the most conservative rung, address it first"
    TOP_DOWN = "Teach from the top down: learn the pattern before loading it"
    ELEVATED = "Elevated before the floor: shorten the range until the body is ready"
    DESTINATION = "The floor deadlift is a destination, for the goals that call for it"

    @property
    def short(self) -> str:
        return PRINCIPLE_SHORT[self.name]


PRINCIPLE_SHORT = {
    "SAFETY": "Pain-free first",
    "TOP_DOWN": "Top-down",
    "ELEVATED": "Elevated first",
    "DESTINATION": "Goal decides",
}


@dataclass(frozen=True)
class Input:
    """One result the rules read: how to tell better from worse, and how to say it.

    Numbers are worse when higher (pain, distance from the floor) unless
    ``lower_is_worse`` (range of motion, seconds, reps). Answers from a list carry a
    rank, 0 for the best; answers with the same rank are as good as each other.
    """

    key: str
    label: str
    principle: Principle
    says: str = "{label} {value}"  # how a reason names the result
    unit: str = ""  # shown after a number: "°", " cm", "/10"
    lower_is_worse: bool = False
    answers: tuple[tuple[Any, str, int], ...] = ()  # (value, plain words, rank)
    general: bool = False  # read by several patterns, not tied to one
    # A choice (the client's goal), not a result: its ranks order how far the
    # ladder goes, and a change of it is neither better nor worse.
    graded: bool = True

    def read(self, value: Any) -> Any:
        """The value in the form the rules compare, or None when missing or
        unreadable (which the rules treat as the worst possible result)."""
        if self.answers:
            for answer, _, _ in self.answers:
                if type(value) is type(answer) and value == answer:
                    return value
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None

    def severity(self, value: Any) -> Decimal:
        """Higher is worse. ``value`` has been ``read`` (or is a rule's threshold)."""
        if self.answers:
            return Decimal(next(r for a, _, r in self.answers if a == value))
        return -Decimal(value) if self.lower_is_worse else Decimal(value)

    def show(self, value: Any) -> str:
        if self.answers:
            return next(words for a, words, _ in self.answers if a == value)
        return f"{Decimal(value).normalize():f}{self.unit}"

    def name(self, value: Any) -> str:
        return self.says.format(label=self.label, value=self.show(value))

    def worse_than_text(self, threshold: Any) -> str:
        """The results worse than ``threshold``, in words: "above 0/10"."""
        if self.answers:
            limit = self.severity(threshold)
            return _join([w for _, w, r in self.answers if r > limit], "or")
        return f"{'below' if self.lower_is_worse else 'above'} {self.show(threshold)}"


def _pain(key: str, label: str) -> Input:
    return Input(key, label, Principle.SAFETY, unit="/10")


def _quality(key: str, label: str) -> Input:
    return Input(key, label, Principle.TOP_DOWN, unit="/3", lower_is_worse=True)


def _seconds(key: str, label: str, principle: Principle) -> Input:
    return Input(key, label, principle, "{label} of {value}", " s", lower_is_worse=True)


PASSED = ((True, "passed", 0), (False, "failed", 1))

INPUTS: dict[str, Input] = {
    i.key: i
    for i in [
        # General: asked once, read by several patterns.
        Input(
            "training_age",
            "training age",
            Principle.TOP_DOWN,
            says="{value}",
            answers=(
                ("over_3", "more than three years of training", 0),
                ("1_3", "one to three years of training", 1),
                ("under_1", "less than a year of training", 2),
                ("none", "no training with weights yet", 3),
            ),
            general=True,
        ),
        Input(
            "goal",
            "goal",
            Principle.DESTINATION,
            says="a goal of {value}",
            answers=(
                ("strength", "strength", 0),
                ("power", "power", 0),
                ("muscle", "muscle", 1),
                ("everyday", "everyday life", 2),
            ),
            general=True,
            graded=False,
        ),
        Input(
            "overhead_reach",
            "overhead reach",
            Principle.SAFETY,
            answers=PASSED,
            general=True,
        ),
        # Hinge.
        Input(
            "hinge_dowel",
            "dowel hinge",
            Principle.TOP_DOWN,
            answers=(
                ("kept", "kept all three points of contact", 0),
                ("head", "lost contact at the head", 1),
                ("upper_back", "lost contact at the upper back", 1),
                ("tailbone", "lost contact at the tailbone", 1),
            ),
        ),
        Input("toe_touch", "toe touch", Principle.ELEVATED, unit=" cm from the floor"),
        Input(
            "aslr",
            "active straight-leg raise",
            Principle.ELEVATED,
            says="{label} of {value}",
            unit="°",
            lower_is_worse=True,
        ),
        _quality("hinge_quality", "hinge pattern quality"),
        _pain("hinge_pain", "pain while hinging"),
        Input(
            "back_injury",
            "back injury",
            Principle.SAFETY,
            says="{value}",
            answers=(
                ("none", "no back injury", 0),
                ("past", "a back injury more than a year ago", 1),
                ("recent", "a back injury within the last year", 2),
            ),
        ),
        # Squat.
        _quality("squat_quality", "squat pattern quality"),
        Input(
            "knee_to_wall",
            "knee-to-wall ankle test",
            Principle.ELEVATED,
            says="{label}: {value}",
            unit=" cm",
            lower_is_worse=True,
        ),
        _pain("squat_pain", "pain while squatting"),
        # Push.
        Input(
            "pushup_reps",
            "push-ups",
            Principle.TOP_DOWN,
            says="{value} push-ups",
            lower_is_worse=True,
        ),
        _pain("push_pain", "pain while pressing"),
        # Pull.
        _quality("row_quality", "row quality"),
        _seconds("dead_hang", "dead hang", Principle.ELEVATED),
        _pain("pull_pain", "pain while pulling"),
        # Lunge.
        _quality("split_squat_quality", "split squat quality"),
        _seconds("balance", "single-leg balance", Principle.ELEVATED),
        Input(
            "knee_injury",
            "knee injury",
            Principle.SAFETY,
            says="{value}",
            answers=(
                (False, "no knee injury or surgery in the last year", 0),
                (True, "a knee injury or surgery in the last year", 1),
            ),
        ),
        _pain("lunge_pain", "pain while lunging"),
        # Carry.
        _quality("carry_quality", "carry posture"),
        _pain("carry_pain", "pain while carrying"),
    ]
}


# --- The rules ------------------------------------------------------------------------

FLOOR = "floor"  # no lifts from the floor for now
ADDRESS = "address"  # rung 1, and address it before loading


@dataclass(frozen=True)
class Rule:
    """When the result of ``key`` is worse than ``worse_than``: ``why``; so the start
    is at most rung ``then``, or no lifts from the floor (``FLOOR``), or rung 1 and
    address it before loading (``ADDRESS``)."""

    key: str
    worse_than: Any
    then: int | str
    why: str
    principle: Principle | None = None  # when not the one its result serves

    @property
    def address_first(self) -> bool:
        return self.then == ADDRESS

    @property
    def floor_waits(self) -> bool:
        return self.then == FLOOR

    @property
    def at_most(self) -> int | None:
        return 1 if self.address_first else None if self.floor_waits else self.then


FROM_STANDING = "hinge only as far as the hips go back, from standing"
PAIN_FREE = "it must be pain-free before it is loaded"
CLEARED = "get it cleared and address it before loading"
LEARN_FIRST = "learn the pattern before adding load"
TOP_DOWN_FIRST = "the pattern is taught from the top down before anything heavier"
BASE_FIRST = "build the base before the heavy rungs"
EARN_THE_TOP = "the top rungs are earned on this ladder first"
OVERHEAD = "nothing overhead until the arms reach it with the ribs down"


def _experience(none: int, under_1: int, one_to_three: int) -> list[Rule]:
    """New lifters start low and earn the heavier rungs."""
    return [
        Rule("training_age", "under_1", none, TOP_DOWN_FIRST),
        Rule("training_age", "1_3", under_1, BASE_FIRST),
        Rule("training_age", "over_3", one_to_three, EARN_THE_TOP),
    ]


# pattern -> its rules; the order is the order the rules page lists them in.
RULES: dict[str, list[Rule]] = {
    "hinge": [
        Rule("hinge_pain", 0, ADDRESS, PAIN_FREE),
        Rule("back_injury", "past", ADDRESS, CLEARED),
        Rule(
            "back_injury",
            "none",
            FLOOR,
            "earn the floor from the elevated rungs",
            Principle.ELEVATED,
        ),
        Rule("hinge_dowel", "kept", 1, "learn the pattern with the dowel first"),
        Rule("hinge_quality", 2, 1, LEARN_FIRST),
        Rule("hinge_quality", 3, 2, "load it lightly from standing while it settles"),
        *_experience(none=2, under_1=4, one_to_three=8),
        Rule("aslr", 50, 2, FROM_STANDING),
        Rule("aslr", 70, FLOOR, "the hips cannot reach the floor with a flat back"),
        Rule("toe_touch", 25, 2, FROM_STANDING),
        Rule("toe_touch", 10, FLOOR, "keep the load up off the floor for now"),
        Rule("goal", "power", FLOOR, "the floor deadlifts serve strength and power"),
        Rule(
            "goal", "muscle", 4, "heavy pulls and floor lifts are not its destination"
        ),
    ],
    "squat": [
        Rule("squat_pain", 0, ADDRESS, PAIN_FREE),
        Rule("squat_quality", 2, 1, LEARN_FIRST),
        Rule("squat_quality", 3, 3, "a box sets the depth while the pattern settles"),
        *_experience(none=2, under_1=4, one_to_three=7),
        Rule("knee_to_wall", 5, 3, "stiff ankles limit the depth, so squat to a box"),
    ],
    "push": [
        Rule("push_pain", 0, ADDRESS, PAIN_FREE),
        Rule("pushup_reps", 1, 1, "start with the hands raised"),
        Rule("pushup_reps", 10, 2, "build the push-up before loading a press"),
        *_experience(none=2, under_1=4, one_to_three=7),
        Rule("overhead_reach", True, 6, OVERHEAD),
    ],
    "pull": [
        Rule("pull_pain", 0, ADDRESS, PAIN_FREE),
        Rule("row_quality", 2, 1, LEARN_FIRST),
        Rule("row_quality", 3, 3, "supported rows while the pattern settles"),
        *_experience(none=2, under_1=5, one_to_three=7),
        Rule("dead_hang", 10, 5, "not hanging from the bar yet"),
        Rule("dead_hang", 30, 6, "the band helps until the hang is longer"),
    ],
    "lunge": [
        Rule("lunge_pain", 0, ADDRESS, PAIN_FREE),
        Rule("knee_injury", False, ADDRESS, CLEARED),
        Rule("split_squat_quality", 2, 1, LEARN_FIRST),
        Rule("split_squat_quality", 3, 2, "stay in a split stance before adding load"),
        *_experience(none=2, under_1=4, one_to_three=7),
        Rule("balance", 10, 1, "hold on for balance"),
        Rule("balance", 30, 3, "stay in a split stance before stepping"),
    ],
    "carry": [
        Rule("carry_pain", 0, ADDRESS, PAIN_FREE),
        Rule("carry_quality", 2, 1, LEARN_FIRST),
        Rule("carry_quality", 3, 2, "carry light and close while the posture settles"),
        *_experience(none=2, under_1=4, one_to_three=6),
        Rule("overhead_reach", True, 5, OVERHEAD),
    ],
}


def inputs_of(pattern: str) -> list[Input]:
    """Every result a pattern reads, in the order its rules read them."""
    return [INPUTS[key] for key in dict.fromkeys(r.key for r in RULES[pattern])]


# --- Ladders, as the rules see them ---------------------------------------------------


@dataclass(frozen=True)
class Rung:
    """One rung of a built-in ladder; its position is its place in the list, from 1."""

    name: str
    from_floor: bool = False
    variation_id: int | None = None


Ladders = Mapping[str, Sequence[Rung]]


# --- The recommendation ---------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """The starting rung on one pattern's built-in ladder, with its reasons."""

    pattern: str
    position: int
    rung: str
    ladder_length: int
    reasons: tuple[str, ...]
    missing: tuple[str, ...] = ()
    address_first: bool = False
    variation_id: int | None = None

    def as_data(self) -> dict:
        """A plain, JSON-ready dict: what an assessment keeps when it is finished."""
        return {
            "pattern": self.pattern,
            "position": self.position,
            "rung": self.rung,
            "ladder_length": self.ladder_length,
            "reasons": list(self.reasons),
            "missing": list(self.missing),
            "address_first": self.address_first,
            "variation_id": self.variation_id,
        }


@dataclass(frozen=True)
class _Fired:
    rule: Rule
    value: Any
    cap: int | None


def patterns_for(keys: Iterable[str]) -> list[str]:
    """The patterns a set of tests speaks to: those with at least one of their own
    (not general) inputs among ``keys``, in the coach's order."""
    keys = set(keys)
    return [
        pattern
        for pattern in RULES
        if any(i.key in keys and not i.general for i in inputs_of(pattern))
    ]


def recommend(
    results: Mapping[str, Any],
    ladders: Ladders,
    patterns: Iterable[str] | None = None,
) -> dict[str, Recommendation]:
    """The starting rung on each pattern's ladder (all patterns with a ladder, or
    ``patterns``), in the coach's order. Never raises on missing or odd results."""
    wanted = RULES if patterns is None else set(patterns)
    return {
        pattern: _recommend_one(pattern, results, ladders[pattern])
        for pattern in RULES
        if pattern in wanted and ladders.get(pattern)
    }


def _recommend_one(
    pattern: str, results: Mapping[str, Any], ladder: Sequence[Rung]
) -> Recommendation:
    length = len(ladder)
    fired: list[_Fired] = []
    missing: list[str] = []
    for rule in RULES[pattern]:
        source = INPUTS[rule.key]
        value = source.read(results.get(rule.key))
        if value is None:
            if source.label not in missing:
                missing.append(source.label)
        elif source.severity(value) > source.severity(rule.worse_than):
            cap = None if rule.at_most is None else min(rule.at_most, length)
            fired.append(_Fired(rule, value, cap))

    ceiling = 1 if missing else min((f.cap for f in fired if f.cap), default=length)
    floor_waits = any(f.rule.floor_waits for f in fired)
    position = max(
        (
            p
            for p in range(1, ceiling + 1)
            if not (floor_waits and ladder[p - 1].from_floor)
        ),
        default=1,
    )
    start = ladder[position - 1]
    reasons = []
    if missing:
        reasons.append(
            f"Missing: {_join(missing, 'and')}. Start at the most conservative rung "
            f"until {'it is' if len(missing) == 1 else 'they are'} recorded."
        )
    fired.sort(key=_weight)
    named: set[str] = set()
    for f in fired:  # one reason per result: its weightiest rule
        if f.rule.key not in named:
            named.add(f.rule.key)
            reasons.append(_reason(f, position, ladder))
    if not reasons:
        reasons.append(
            f"Every result is clear: start at the top rung, {position}: {start.name}."
        )
    return Recommendation(
        pattern=pattern,
        position=position,
        rung=start.name,
        ladder_length=length,
        reasons=tuple(reasons),
        missing=tuple(missing),
        address_first=any(f.rule.address_first for f in fired),
        variation_id=start.variation_id,
    )


def _weight(fired: _Fired) -> tuple:
    """Reasons in order of weight: address-first, then the lowest cap, then the
    floor."""
    rule = fired.rule
    return (not rule.address_first, fired.cap or math.inf)


def _reason(fired: _Fired, position: int, ladder: Sequence[Rung]) -> str:
    rule = fired.rule
    what = _capfirst(INPUTS[rule.key].name(fired.value))
    if rule.address_first:
        effect = f"address it before loading, and start at rung 1: {ladder[0].name}"
        return f"{what}: {rule.why}. So {effect}."
    if fired.cap is not None:
        rung = f"rung {fired.cap}: {ladder[fired.cap - 1].name}"
        effect = (
            f"start at {rung}" if fired.cap == position else f"no higher than {rung}"
        )
    else:
        effect = "no lifts from the floor for now"
    return f"{what}: {rule.why}, so {effect}."


# --- Comparing and describing ---------------------------------------------------------


def compare(key: str, before: Any, after: Any) -> str:
    """Whether a result got "better", "worse" or stayed the "same", in the rules'
    own order; a choice such as the goal is only "changed" or the "same"; "" when
    the rules do not read ``key`` or a result is missing."""
    source = INPUTS.get(key)
    old, new = (source.read(before), source.read(after)) if source else (None, None)
    if old is None or new is None:
        return ""
    if not source.graded:
        return "same" if old == new else "changed"
    change = source.severity(new) - source.severity(old)
    return "worse" if change > 0 else "better" if change < 0 else "same"


@dataclass(frozen=True)
class RuleLine:
    when: str
    why: str
    then: str
    principle: Principle


@dataclass(frozen=True)
class PatternDescription:
    pattern: str
    inputs: list[Input]
    lines: list[RuleLine]


def describe(ladders: Ladders) -> list[PatternDescription]:
    """The rules in plain words, pattern by pattern: what the rules page shows."""
    described = []
    for pattern, rules in RULES.items():
        ladder = ladders.get(pattern) or ()
        lines = [
            RuleLine(
                when=_when(rule),
                why=_capfirst(rule.why),
                then=_effect(rule, ladder),
                principle=rule.principle or INPUTS[rule.key].principle,
            )
            for rule in rules
        ]
        described.append(PatternDescription(pattern, inputs_of(pattern), lines))
    return described


def _when(rule: Rule) -> str:
    source = INPUTS[rule.key]
    worse = source.worse_than_text(rule.worse_than)
    if source.answers:
        return _capfirst(source.says.format(label=source.label, value=worse))
    return f"{_capfirst(source.label)} {worse}"


def _effect(rule: Rule, ladder: Sequence[Rung]) -> str:
    if rule.address_first:
        return "Rung 1, and address it before loading"
    if rule.floor_waits:
        floor = [str(p) for p, r in enumerate(ladder, 1) if r.from_floor]
        return f"No lifts from the floor (rungs {_join(floor, 'and')})"
    cap = min(rule.at_most, len(ladder))
    return f"At most rung {cap}: {ladder[cap - 1].name}"


def _join(words: Sequence[str], last: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def goal_allows(pattern: str, goal: Any, ladder: Sequence[Rung]) -> int:
    """The highest rung of ``ladder`` that ``goal`` calls for on ``pattern``: what the
    rules that read the goal allow, and nothing else. With no goal known, or a
    pattern whose rules do not read it, the top rung."""
    length = len(ladder)
    source = INPUTS["goal"]
    value = source.read(goal)
    if value is None or not length:
        return length
    fired = [
        rule
        for rule in RULES.get(pattern, ())
        if rule.key == "goal"
        and source.severity(value) > source.severity(rule.worse_than)
    ]
    ceiling = min((min(r.at_most, length) for r in fired if r.at_most), default=length)
    floor_waits = any(r.floor_waits for r in fired)
    return max(
        (
            p
            for p in range(1, ceiling + 1)
            if not (floor_waits and ladder[p - 1].from_floor)
        ),
        default=1,
    )
