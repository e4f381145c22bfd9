"""The rules in plain words, as the trainers' rules page shows them, and the words
the rules use to compare two results."""

import pytest

from assessments import rules
from assessments.rules import Principle
from tests.assessments.conftest import plain_ladders

LADDERS = plain_ladders()

ADDRESS = "Rung 1, and address it before loading"
PAIN_FREE = "It must be pain-free before it is loaded"
CLEARED = "Get it cleared and address it before loading"
LEARN_FIRST = "Learn the pattern before adding load"
HINGE_FLOOR = "No lifts from the floor (rungs 5, 9, 10 and 11)"
HINGE_1 = "At most rung 1: Hinge with a dowel rod, to a wall or to a foam roller"
HINGE_2 = "At most rung 2: Kettlebell / dumbbell Romanian deadlift (RDL)"
FROM_STANDING = "Hinge only as far as the hips go back, from standing"
NEVER_TRAINED = "No training with weights yet"
UNDER_A_YEAR = "Less than a year of training or no training with weights yet"
UNDER_THREE_YEARS = (
    "One to three years of training, less than a year of training or no training "
    "with weights yet"
)
TOP_DOWN = "The pattern is taught from the top down before anything heavier"
BASE_FIRST = "Build the base before the heavy rungs"
EARN_THE_TOP = "The top rungs are earned on this ladder first"


def described(pattern: str) -> rules.PatternDescription:
    # Described in each test, not once at import: a test sees the rules as they are
    # when it runs.
    return {d.pattern: d for d in rules.describe(LADDERS)}[pattern]


def lines(pattern: str) -> list[tuple]:
    return [
        (line.when, line.why, line.then, line.principle)
        for line in described(pattern).lines
    ]


def test_the_hinge_rules_in_the_words_of_the_rules_page():
    assert lines("hinge") == [
        ("Pain while hinging above 0/10", PAIN_FREE, ADDRESS, Principle.SAFETY),
        ("A back injury within the last year", CLEARED, ADDRESS, Principle.SAFETY),
        (
            "A back injury more than a year ago or a back injury within the last year",
            "Earn the floor from the elevated rungs",
            HINGE_FLOOR,
            Principle.ELEVATED,
        ),
        (
            "Dowel hinge lost contact at the head, lost contact at the upper back or "
            "lost contact at the tailbone",
            "Learn the pattern with the dowel first",
            HINGE_1,
            Principle.TOP_DOWN,
        ),
        ("Hinge pattern quality below 2/3", LEARN_FIRST, HINGE_1, Principle.TOP_DOWN),
        (
            "Hinge pattern quality below 3/3",
            "Load it lightly from standing while it settles",
            HINGE_2,
            Principle.TOP_DOWN,
        ),
        (NEVER_TRAINED, TOP_DOWN, HINGE_2, Principle.TOP_DOWN),
        (UNDER_A_YEAR, BASE_FIRST, "At most rung 4: Barbell RDL", Principle.TOP_DOWN),
        (
            UNDER_THREE_YEARS,
            EARN_THE_TOP,
            "At most rung 8: Barbell rack pull (several heights)",
            Principle.TOP_DOWN,
        ),
        (
            "Active straight-leg raise below 50°",
            FROM_STANDING,
            HINGE_2,
            Principle.ELEVATED,
        ),
        (
            "Active straight-leg raise below 70°",
            "The hips cannot reach the floor with a flat back",
            HINGE_FLOOR,
            Principle.ELEVATED,
        ),
        (
            "Toe touch above 25 cm from the floor",
            FROM_STANDING,
            HINGE_2,
            Principle.ELEVATED,
        ),
        (
            "Toe touch above 10 cm from the floor",
            "Keep the load up off the floor for now",
            HINGE_FLOOR,
            Principle.ELEVATED,
        ),
        (
            "A goal of muscle or everyday life",
            "The floor deadlifts serve strength and power",
            HINGE_FLOOR,
            Principle.DESTINATION,
        ),
        (
            "A goal of everyday life",
            "Heavy pulls and floor lifts are not its destination",
            "At most rung 4: Barbell RDL",
            Principle.DESTINATION,
        ),
    ]


def test_the_lunge_rules_in_the_words_of_the_rules_page():
    assert lines("lunge") == [
        ("Pain while lunging above 0/10", PAIN_FREE, ADDRESS, Principle.SAFETY),
        (
            "A knee injury or surgery in the last year",
            CLEARED,
            ADDRESS,
            Principle.SAFETY,
        ),
        (
            "Split squat quality below 2/3",
            LEARN_FIRST,
            "At most rung 1: Assisted split squat",
            Principle.TOP_DOWN,
        ),
        (
            "Split squat quality below 3/3",
            "Stay in a split stance before adding load",
            "At most rung 2: Split squat",
            Principle.TOP_DOWN,
        ),
        (NEVER_TRAINED, TOP_DOWN, "At most rung 2: Split squat", Principle.TOP_DOWN),
        (UNDER_A_YEAR, BASE_FIRST, "At most rung 4: Reverse lunge", Principle.TOP_DOWN),
        (
            UNDER_THREE_YEARS,
            EARN_THE_TOP,
            "At most rung 7: Walking lunge",
            Principle.TOP_DOWN,
        ),
        (
            "Single-leg balance below 10 s",
            "Hold on for balance",
            "At most rung 1: Assisted split squat",
            Principle.ELEVATED,
        ),
        (
            "Single-leg balance below 30 s",
            "Stay in a split stance before stepping",
            "At most rung 3: Dumbbell split squat",
            Principle.ELEVATED,
        ),
    ]


def test_the_reach_rule_reads_as_a_failed_test():
    overhead = [line for line in lines("push") if line[0].startswith("Overhead")]
    assert overhead == [
        (
            "Overhead reach failed",
            "Nothing overhead until the arms reach it with the ribs down",
            "At most rung 6: Barbell bench press",
            Principle.SAFETY,
        )
    ]


@pytest.mark.parametrize(
    ("pattern", "keys"),
    [
        (
            "hinge",
            [
                "hinge_pain",
                "back_injury",
                "hinge_dowel",
                "hinge_quality",
                "training_age",
                "aslr",
                "toe_touch",
                "goal",
            ],
        ),
        ("squat", ["squat_pain", "squat_quality", "training_age", "knee_to_wall"]),
        ("push", ["push_pain", "pushup_reps", "training_age", "overhead_reach"]),
        ("pull", ["pull_pain", "row_quality", "training_age", "dead_hang"]),
        (
            "lunge",
            [
                "lunge_pain",
                "knee_injury",
                "split_squat_quality",
                "training_age",
                "balance",
            ],
        ),
        ("carry", ["carry_pain", "carry_quality", "training_age", "overhead_reach"]),
    ],
)
def test_each_pattern_lists_the_results_it_reads_once_in_its_rules_order(pattern, keys):
    assert [i.key for i in described(pattern).inputs] == keys


@pytest.mark.parametrize(
    ("key", "before", "after", "change"),
    [
        ("hinge_pain", 2, 0, "better"),
        ("hinge_pain", 0, 2, "worse"),
        ("dead_hang", 20, 20.0, "same"),
        ("dead_hang", 20, 10, "worse"),
        ("pushup_reps", 3, 12, "better"),
        ("back_injury", "none", "past", "worse"),
        ("knee_injury", True, False, "better"),
        ("goal", "strength", "power", "changed"),
        ("aslr", 60, None, ""),
        ("aslr", 60, "sixty", ""),
        ("hinge_dowel", "kept", "sideways", ""),
    ],
)
def test_compare_says_better_or_worse_in_the_rules_order(key, before, after, change):
    assert rules.compare(key, before, after) == change


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (float("nan"), None),
        (float("inf"), None),
        ("12", None),
        (True, None),
        (12, 12),
        (12.5, 12.5),
    ],
)
def test_a_number_is_read_only_when_it_is_a_finite_number(value, read):
    assert rules.INPUTS["aslr"].read(value) == read


def test_an_answer_is_read_only_as_itself_not_as_an_equal_value_of_another_type():
    knee = rules.INPUTS["knee_injury"]
    assert knee.read(False) is False
    assert knee.read(0) is None
    assert rules.INPUTS["goal"].read("muscle") == "muscle"
    assert rules.INPUTS["goal"].read("Muscle") is None
