"""The coach's rules, pattern by pattern: one case per rule and per side of each
threshold (just inside, where the rule limits the start, and just outside, where it
does not), a perfect screen, every training age and, for the hinge, every goal.

Each case is a perfect screen with a few results changed, and expects the start and
every reason, word for word: a wrong rung number, a reason for a rule that should not
have fired, or one missing, fails it. ``tests/mutation/mutate_tables.py`` checks that
deleting any rule or moving any threshold or cap fails at least one case.
"""

from dataclasses import dataclass

import pytest

from assessments import rules
from tests.assessments.conftest import PERFECT, plain_ladders

LADDERS = plain_ladders()


@dataclass(frozen=True)
class Case:
    name: str
    changes: dict
    position: int
    reasons: tuple[str, ...]
    address_first: bool = False


def cases(pattern: str, *rows: Case) -> list:
    return [pytest.param(pattern, row, id=f"{pattern}: {row.name}") for row in rows]


# Reasons shared by several patterns, completed with the rung they name.
PAIN_FREE = "it must be pain-free before it is loaded. So address it before loading"
CLEARED = "get it cleared and address it before loading. So address it before loading"
NEVER_TRAINED = (
    "No training with weights yet: the pattern is taught from the top down before "
    "anything heavier"
)
UNDER_A_YEAR = "Less than a year of training: build the base before the heavy rungs"
ONE_TO_THREE = (
    "One to three years of training: the top rungs are earned on this ladder first"
)
LEARN_FIRST = "learn the pattern before adding load"
OVERHEAD = (
    "Overhead reach failed: nothing overhead until the arms reach it with the ribs down"
)


def clear(position: int, rung: str) -> str:
    return f"Every result is clear: start at the top rung, {position}: {rung}."


HINGE_1 = "Hinge with a dowel rod, to a wall or to a foam roller"
HINGE_2 = "Kettlebell / dumbbell Romanian deadlift (RDL)"
HINGE_4 = "Barbell RDL"
HINGE_8 = "Barbell rack pull (several heights)"
HINGE_TOP = clear(11, "Straight bar deadlift from the ground")
FROM_STANDING = "hinge only as far as the hips go back, from standing"

HINGE = cases(
    "hinge",
    Case("a perfect screen, for strength, starts at the top", {}, 11, (HINGE_TOP,)),
    Case("a goal of power starts at the top too", {"goal": "power"}, 11, (HINGE_TOP,)),
    Case(
        "a goal of muscle keeps the floor lifts out",
        {"goal": "muscle"},
        8,
        (
            "A goal of muscle: the floor deadlifts serve strength and power, so no "
            "lifts from the floor for now.",
        ),
    ),
    Case(
        "a goal of everyday life tops out at the barbell RDL",
        {"goal": "everyday"},
        4,
        (
            "A goal of everyday life: heavy pulls and floor lifts are not its "
            f"destination, so start at rung 4: {HINGE_4}.",
        ),
    ),
    Case(
        "any pain while hinging: rung 1, address it first",
        {"hinge_pain": 1},
        1,
        (f"Pain while hinging 1/10: {PAIN_FREE}, and start at rung 1: {HINGE_1}.",),
        address_first=True,
    ),
    Case(
        "a back injury within the last year: rung 1, address it first",
        {"back_injury": "recent"},
        1,
        (
            f"A back injury within the last year: {CLEARED}, and start at rung 1: "
            f"{HINGE_1}.",
        ),
        address_first=True,
    ),
    Case(
        "a back injury more than a year ago: elevated before the floor",
        {"back_injury": "past"},
        8,
        (
            "A back injury more than a year ago: earn the floor from the elevated "
            "rungs, so no lifts from the floor for now.",
        ),
    ),
    Case(
        "the dowel loses the head: rung 1",
        {"hinge_dowel": "head"},
        1,
        (
            "Dowel hinge lost contact at the head: learn the pattern with the dowel "
            f"first, so start at rung 1: {HINGE_1}.",
        ),
    ),
    Case(
        "the dowel loses the tailbone: rung 1",
        {"hinge_dowel": "tailbone"},
        1,
        (
            "Dowel hinge lost contact at the tailbone: learn the pattern with the "
            f"dowel first, so start at rung 1: {HINGE_1}.",
        ),
    ),
    Case(
        "a hinge of 1/3: rung 1",
        {"hinge_quality": 1},
        1,
        (f"Hinge pattern quality 1/3: {LEARN_FIRST}, so start at rung 1: {HINGE_1}.",),
    ),
    Case(
        "a hinge of 2/3: rung 2",
        {"hinge_quality": 2},
        2,
        (
            "Hinge pattern quality 2/3: load it lightly from standing while it "
            f"settles, so start at rung 2: {HINGE_2}.",
        ),
    ),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: {HINGE_2}.",),
    ),
    Case(
        "less than a year of training: rung 4",
        {"training_age": "under_1"},
        4,
        (f"{UNDER_A_YEAR}, so start at rung 4: {HINGE_4}.",),
    ),
    Case(
        "one to three years of training: rung 8",
        {"training_age": "1_3"},
        8,
        (f"{ONE_TO_THREE}, so start at rung 8: {HINGE_8}.",),
    ),
    Case(
        "a leg raise of 49°: rung 2",
        {"aslr": 49},
        2,
        (
            f"Active straight-leg raise of 49°: {FROM_STANDING}, so start at rung 2: "
            f"{HINGE_2}.",
        ),
    ),
    Case(
        "a leg raise of 50°: no floor lifts",
        {"aslr": 50},
        8,
        (
            "Active straight-leg raise of 50°: the hips cannot reach the floor with a "
            "flat back, so no lifts from the floor for now.",
        ),
    ),
    Case(
        "a leg raise of 69°: no floor lifts",
        {"aslr": 69},
        8,
        (
            "Active straight-leg raise of 69°: the hips cannot reach the floor with a "
            "flat back, so no lifts from the floor for now.",
        ),
    ),
    Case("a leg raise of 70° is clear", {"aslr": 70}, 11, (HINGE_TOP,)),
    Case(
        "fingertips 26 cm from the floor: rung 2",
        {"toe_touch": 26},
        2,
        (
            f"Toe touch 26 cm from the floor: {FROM_STANDING}, so start at rung 2: "
            f"{HINGE_2}.",
        ),
    ),
    Case(
        "fingertips 25 cm from the floor: no floor lifts",
        {"toe_touch": 25},
        8,
        (
            "Toe touch 25 cm from the floor: keep the load up off the floor for now, "
            "so no lifts from the floor for now.",
        ),
    ),
    Case(
        "fingertips 11 cm from the floor: no floor lifts",
        {"toe_touch": 11},
        8,
        (
            "Toe touch 11 cm from the floor: keep the load up off the floor for now, "
            "so no lifts from the floor for now.",
        ),
    ),
    Case(
        "fingertips 10 cm from the floor are clear", {"toe_touch": 10}, 11, (HINGE_TOP,)
    ),
    Case(
        "the lowest limit wins and the others say how far they allow",
        {"training_age": "none", "aslr": 60, "goal": "everyday"},
        2,
        (
            f"{NEVER_TRAINED}, so start at rung 2: {HINGE_2}.",
            "A goal of everyday life: heavy pulls and floor lifts are not its "
            f"destination, so no higher than rung 4: {HINGE_4}.",
            "Active straight-leg raise of 60°: the hips cannot reach the floor with a "
            "flat back, so no lifts from the floor for now.",
        ),
    ),
    Case(
        "pain comes first among the reasons",
        {"back_injury": "past", "hinge_pain": 2},
        1,
        (
            f"Pain while hinging 2/10: {PAIN_FREE}, and start at rung 1: {HINGE_1}.",
            "A back injury more than a year ago: earn the floor from the elevated "
            "rungs, so no lifts from the floor for now.",
        ),
        address_first=True,
    ),
)

SQUAT_1 = "Bodyweight box squat"
SQUAT_3 = "Goblet squat to a box"
SQUAT_TOP = clear(9, "Barbell front squat")
STIFF_ANKLES = "stiff ankles limit the depth, so squat to a box"

SQUAT = cases(
    "squat",
    Case("a perfect screen starts at the top", {}, 9, (SQUAT_TOP,)),
    Case(
        "any pain while squatting: rung 1, address it first",
        {"squat_pain": 1},
        1,
        (f"Pain while squatting 1/10: {PAIN_FREE}, and start at rung 1: {SQUAT_1}.",),
        address_first=True,
    ),
    Case(
        "a squat of 1/3: rung 1",
        {"squat_quality": 1},
        1,
        (f"Squat pattern quality 1/3: {LEARN_FIRST}, so start at rung 1: {SQUAT_1}.",),
    ),
    Case(
        "a squat of 2/3: to a box",
        {"squat_quality": 2},
        3,
        (
            "Squat pattern quality 2/3: a box sets the depth while the pattern "
            f"settles, so start at rung 3: {SQUAT_3}.",
        ),
    ),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: Counterbalance squat.",),
    ),
    Case(
        "less than a year of training: rung 4",
        {"training_age": "under_1"},
        4,
        (f"{UNDER_A_YEAR}, so start at rung 4: Goblet squat.",),
    ),
    Case(
        "one to three years of training: rung 7",
        {"training_age": "1_3"},
        7,
        (f"{ONE_TO_THREE}, so start at rung 7: Safety squat bar squat.",),
    ),
    Case(
        "a knee 4 cm from the wall: to a box",
        {"knee_to_wall": 4},
        3,
        (
            f"Knee-to-wall ankle test: 4 cm: {STIFF_ANKLES}, so start at rung 3: "
            f"{SQUAT_3}.",
        ),
    ),
    Case("a knee 5 cm from the wall is clear", {"knee_to_wall": 5}, 9, (SQUAT_TOP,)),
    Case(
        "stiff ankles start lower than a year of training allows",
        {"knee_to_wall": 2, "training_age": "under_1"},
        3,
        (
            f"Knee-to-wall ankle test: 2 cm: {STIFF_ANKLES}, so start at rung 3: "
            f"{SQUAT_3}.",
            f"{UNDER_A_YEAR}, so no higher than rung 4: Goblet squat.",
        ),
    ),
)

PUSH_1 = "Incline push-up"
PUSH_TOP = clear(8, "Barbell overhead press")
BUILD_THE_PUSH_UP = "build the push-up before loading a press, so start at rung 2"

PUSH = cases(
    "push",
    Case("a perfect screen starts at the top", {}, 8, (PUSH_TOP,)),
    Case(
        "any pain while pressing: rung 1, address it first",
        {"push_pain": 1},
        1,
        (f"Pain while pressing 1/10: {PAIN_FREE}, and start at rung 1: {PUSH_1}.",),
        address_first=True,
    ),
    Case(
        "no push-up yet: hands raised",
        {"pushup_reps": 0},
        1,
        (f"0 push-ups: start with the hands raised, so start at rung 1: {PUSH_1}.",),
    ),
    Case(
        "one push-up: the push-up",
        {"pushup_reps": 1},
        2,
        (f"1 push-ups: {BUILD_THE_PUSH_UP}: Push-up.",),
    ),
    Case(
        "nine push-ups: still the push-up",
        {"pushup_reps": 9},
        2,
        (f"9 push-ups: {BUILD_THE_PUSH_UP}: Push-up.",),
    ),
    Case("ten push-ups are clear", {"pushup_reps": 10}, 8, (PUSH_TOP,)),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: Push-up.",),
    ),
    Case(
        "less than a year of training: rung 4",
        {"training_age": "under_1"},
        4,
        (f"{UNDER_A_YEAR}, so start at rung 4: Dumbbell bench press.",),
    ),
    Case(
        "one to three years of training: rung 7",
        {"training_age": "1_3"},
        7,
        (f"{ONE_TO_THREE}, so start at rung 7: Standing dumbbell overhead press.",),
    ),
    Case(
        "no overhead press without the reach",
        {"overhead_reach": False},
        6,
        (f"{OVERHEAD}, so start at rung 6: Barbell bench press.",),
    ),
    Case(
        "the reach keeps out what training age would allow",
        {"overhead_reach": False, "training_age": "1_3"},
        6,
        (
            f"{OVERHEAD}, so start at rung 6: Barbell bench press.",
            f"{ONE_TO_THREE}, so no higher than rung 7: Standing dumbbell overhead "
            "press.",
        ),
    ),
)

PULL_1 = "Suspension trainer row"
PULL_TOP = clear(9, "Weighted pull-up")
BAND = "the band helps until the hang is longer, so start at rung 6: Band-assisted"

PULL = cases(
    "pull",
    Case("a perfect screen starts at the top", {}, 9, (PULL_TOP,)),
    Case(
        "any pain while pulling: rung 1, address it first",
        {"pull_pain": 1},
        1,
        (f"Pain while pulling 1/10: {PAIN_FREE}, and start at rung 1: {PULL_1}.",),
        address_first=True,
    ),
    Case(
        "a row of 1/3: rung 1",
        {"row_quality": 1},
        1,
        (f"Row quality 1/3: {LEARN_FIRST}, so start at rung 1: {PULL_1}.",),
    ),
    Case(
        "a row of 2/3: supported rows",
        {"row_quality": 2},
        3,
        (
            "Row quality 2/3: supported rows while the pattern settles, so start at "
            "rung 3: Single-arm dumbbell row.",
        ),
    ),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: Chest-supported dumbbell row.",),
    ),
    Case(
        "less than a year of training: rung 5",
        {"training_age": "under_1"},
        5,
        (f"{UNDER_A_YEAR}, so start at rung 5: Lat pulldown.",),
    ),
    Case(
        "one to three years of training: rung 7",
        {"training_age": "1_3"},
        7,
        (f"{ONE_TO_THREE}, so start at rung 7: Chin-up.",),
    ),
    Case(
        "a hang of 9 s: not from the bar yet",
        {"dead_hang": 9},
        5,
        (
            "Dead hang of 9 s: not hanging from the bar yet, so start at rung 5: Lat "
            "pulldown.",
        ),
    ),
    Case(
        "a hang of 10 s: the band helps",
        {"dead_hang": 10},
        6,
        (f"Dead hang of 10 s: {BAND} chin-up.",),
    ),
    Case(
        "a hang of 29 s: the band still helps",
        {"dead_hang": 29},
        6,
        (f"Dead hang of 29 s: {BAND} chin-up.",),
    ),
    Case("a hang of 30 s is clear", {"dead_hang": 30}, 9, (PULL_TOP,)),
    Case(
        "a year of training starts below what the hang allows",
        {"dead_hang": 20, "training_age": "under_1"},
        5,
        (
            f"{UNDER_A_YEAR}, so start at rung 5: Lat pulldown.",
            "Dead hang of 20 s: the band helps until the hang is longer, so no higher "
            "than rung 6: Band-assisted chin-up.",
        ),
    ),
)

LUNGE_1 = "Assisted split squat"
LUNGE_TOP = clear(9, "Barbell reverse lunge")
SPLIT_STANCE = "stay in a split stance before stepping"

LUNGE = cases(
    "lunge",
    Case("a perfect screen starts at the top", {}, 9, (LUNGE_TOP,)),
    Case(
        "any pain while lunging: rung 1, address it first",
        {"lunge_pain": 1},
        1,
        (f"Pain while lunging 1/10: {PAIN_FREE}, and start at rung 1: {LUNGE_1}.",),
        address_first=True,
    ),
    Case(
        "a knee injury in the last year: rung 1, address it first",
        {"knee_injury": True},
        1,
        (
            f"A knee injury or surgery in the last year: {CLEARED}, and start at rung "
            f"1: {LUNGE_1}.",
        ),
        address_first=True,
    ),
    Case(
        "a split squat of 1/3: rung 1",
        {"split_squat_quality": 1},
        1,
        (f"Split squat quality 1/3: {LEARN_FIRST}, so start at rung 1: {LUNGE_1}.",),
    ),
    Case(
        "a split squat of 2/3: the split squat",
        {"split_squat_quality": 2},
        2,
        (
            "Split squat quality 2/3: stay in a split stance before adding load, so "
            "start at rung 2: Split squat.",
        ),
    ),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: Split squat.",),
    ),
    Case(
        "less than a year of training: rung 4",
        {"training_age": "under_1"},
        4,
        (f"{UNDER_A_YEAR}, so start at rung 4: Reverse lunge.",),
    ),
    Case(
        "one to three years of training: rung 7",
        {"training_age": "1_3"},
        7,
        (f"{ONE_TO_THREE}, so start at rung 7: Walking lunge.",),
    ),
    Case(
        "a balance of 9 s: hold on",
        {"balance": 9},
        1,
        (
            "Single-leg balance of 9 s: hold on for balance, so start at rung 1: "
            f"{LUNGE_1}.",
        ),
    ),
    Case(
        "a balance of 10 s: a split stance",
        {"balance": 10},
        3,
        (
            f"Single-leg balance of 10 s: {SPLIT_STANCE}, so start at rung 3: "
            "Dumbbell split squat.",
        ),
    ),
    Case(
        "a balance of 29 s: still a split stance",
        {"balance": 29},
        3,
        (
            f"Single-leg balance of 29 s: {SPLIT_STANCE}, so start at rung 3: "
            "Dumbbell split squat.",
        ),
    ),
    Case("a balance of 30 s is clear", {"balance": 30}, 9, (LUNGE_TOP,)),
    Case(
        "balance starts below what training age allows",
        {"balance": 20, "training_age": "1_3"},
        3,
        (
            f"Single-leg balance of 20 s: {SPLIT_STANCE}, so start at rung 3: "
            "Dumbbell split squat.",
            f"{ONE_TO_THREE}, so no higher than rung 7: Walking lunge.",
        ),
    ),
)

CARRY_1 = "Goblet carry"
CARRY_TOP = clear(8, "Yoke carry")

CARRY = cases(
    "carry",
    Case("a perfect screen starts at the top", {}, 8, (CARRY_TOP,)),
    Case(
        "any pain while carrying: rung 1, address it first",
        {"carry_pain": 1},
        1,
        (f"Pain while carrying 1/10: {PAIN_FREE}, and start at rung 1: {CARRY_1}.",),
        address_first=True,
    ),
    Case(
        "a carry posture of 1/3: rung 1",
        {"carry_quality": 1},
        1,
        (f"Carry posture 1/3: {LEARN_FIRST}, so start at rung 1: {CARRY_1}.",),
    ),
    Case(
        "a carry posture of 2/3: carry light and close",
        {"carry_quality": 2},
        2,
        (
            "Carry posture 2/3: carry light and close while the posture settles, so "
            "start at rung 2: Farmer carry.",
        ),
    ),
    Case(
        "never trained: rung 2",
        {"training_age": "none"},
        2,
        (f"{NEVER_TRAINED}, so start at rung 2: Farmer carry.",),
    ),
    Case(
        "less than a year of training: rung 4",
        {"training_age": "under_1"},
        4,
        (f"{UNDER_A_YEAR}, so start at rung 4: Double kettlebell front-rack carry.",),
    ),
    Case(
        "one to three years of training: rung 6",
        {"training_age": "1_3"},
        6,
        (f"{ONE_TO_THREE}, so start at rung 6: Waiter's carry.",),
    ),
    Case(
        "no overhead carries without the reach",
        {"overhead_reach": False},
        5,
        (f"{OVERHEAD}, so start at rung 5: Trap bar carry.",),
    ),
    Case(
        "the reach keeps out what training age would allow",
        {"overhead_reach": False, "training_age": "1_3"},
        5,
        (
            f"{OVERHEAD}, so start at rung 5: Trap bar carry.",
            f"{ONE_TO_THREE}, so no higher than rung 6: Waiter's carry.",
        ),
    ),
)

ALL_CASES = HINGE + SQUAT + PUSH + PULL + LUNGE + CARRY


@pytest.mark.parametrize(("pattern", "case"), ALL_CASES)
def test_the_start_and_every_reason_follow_the_coach(pattern, case):
    recommendation = rules.recommend(PERFECT | case.changes, LADDERS, [pattern])[
        pattern
    ]
    assert recommendation.reasons == case.reasons
    assert recommendation.position == case.position
    assert recommendation.rung == LADDERS[pattern][case.position - 1].name
    assert recommendation.address_first is case.address_first
    assert recommendation.missing == ()


def _severity(key: str, value) -> object:
    source = rules.INPUTS[key]
    return source.severity(source.read(value))


@pytest.mark.parametrize("pattern", list(rules.RULES))
def test_every_rule_has_a_case_on_each_side_of_its_threshold(pattern):
    """A rule added to the tables without its cases fails here. Just inside is one
    step worse than the threshold (where the rule fires), just outside is the
    threshold itself; a perfect screen counts as a case."""
    single = [
        case.changes
        for param in ALL_CASES
        if param.values[0] == pattern
        for case in [param.values[1]]
        if len(case.changes) == 1
    ]
    for rule in rules.RULES[pattern]:
        source = rules.INPUTS[rule.key]
        limit = _severity(rule.key, rule.worse_than)
        seen = {_severity(rule.key, c[rule.key]) for c in single if rule.key in c}
        seen.add(_severity(rule.key, PERFECT[rule.key]))
        worse = sorted({rank for _, _, rank in source.answers if rank > limit})
        inside = worse[0] if source.answers else limit + 1
        assert {inside, limit} <= seen, f"{pattern}: no case on each side of {rule}"


def test_a_finished_assessment_keeps_the_whole_recommendation_as_plain_data():
    ladders = {  # the built-in ladders, with the ids of their variations
        pattern: [
            rules.Rung(r.name, r.from_floor, 100 + n) for n, r in enumerate(rungs)
        ]
        for pattern, rungs in LADDERS.items()
    }
    results = PERFECT | {"squat_pain": 2}
    del results["knee_to_wall"]
    squat = rules.recommend(results, ladders, ["squat"])["squat"]
    assert squat.as_data() == {
        "pattern": "squat",
        "position": 1,
        "rung": "Bodyweight box squat",
        "ladder_length": 9,
        "reasons": [
            "Missing: knee-to-wall ankle test. Start at the most conservative rung "
            "until it is recorded.",
            f"Pain while squatting 2/10: {PAIN_FREE}, and start at rung 1: "
            "Bodyweight box squat.",
        ],
        "missing": ["knee-to-wall ankle test"],
        "address_first": True,
        "variation_id": 100,
    }


def test_only_the_patterns_asked_for_and_with_a_ladder_are_recommended():
    found = rules.recommend(PERFECT, LADDERS, ["carry", "squat"])
    assert list(found) == ["squat", "carry"]  # in the coach's order
    hinge_only = {"hinge": LADDERS["hinge"]}
    assert list(rules.recommend(PERFECT, hinge_only)) == ["hinge"]
    assert list(rules.recommend(PERFECT, hinge_only, ["hinge", "squat"])) == ["hinge"]


def test_a_ladder_of_only_floor_lifts_still_starts_on_its_first_rung():
    floor_only = {
        "hinge": [
            rules.Rung("Trap bar deadlift from the ground", from_floor=True),
            rules.Rung("Sumo deadlift from the ground", from_floor=True),
        ]
    }
    hinge = rules.recommend(PERFECT | {"aslr": 60}, floor_only)["hinge"]
    assert (hinge.position, hinge.rung) == (1, "Trap bar deadlift from the ground")
    assert hinge.reasons == (
        "Active straight-leg raise of 60°: the hips cannot reach the floor with a flat "
        "back, so no lifts from the floor for now.",
    )
