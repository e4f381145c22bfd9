"""The recommendation rules: a table of cases in the coach's words, then the
properties that must hold for every possible set of results."""

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import rules
from tests.assessments.conftest import PERFECT, SCREENS, plain_ladders

LADDERS = plain_ladders()
HINGE_FLOOR_RUNGS = [5, 9, 10, 11]


def start(results, pattern="hinge"):
    return rules.recommend(results, LADDERS, [pattern])[pattern]


# --- A table of cases -----------------------------------------------------------------

# (case, changes to a perfect screen, pattern, expected rung, words in a reason)
CASES = [
    ("perfect screen, strength goal", {}, "hinge", 11, "Every result is clear"),
    ("perfect screen, power goal", {"goal": "power"}, "hinge", 11, "top rung"),
    (
        "a goal of muscle keeps the floor lifts out",
        {"goal": "muscle"},
        "hinge",
        8,
        "A goal of muscle",
    ),
    (
        "everyday life tops out below the floor lifts, even with a perfect screen",
        {"goal": "everyday"},
        "hinge",
        4,
        "A goal of everyday life: heavy pulls and floor lifts are not its destination",
    ),
    (
        "the dowel loses the upper back: rung 1",
        {"hinge_dowel": "upper_back"},
        "hinge",
        1,
        "Dowel hinge lost contact at the upper back: learn the pattern with the dowel "
        "first, so start at rung 1: Hinge with a dowel rod",
    ),
    (
        "pain while hinging: rung 1, address it first",
        {"hinge_pain": 3},
        "hinge",
        1,
        "Pain while hinging 3/10: it must be pain-free before it is loaded. So address "
        "it before loading",
    ),
    (
        "a recent back injury: rung 1, address it first",
        {"back_injury": "recent"},
        "hinge",
        1,
        "A back injury within the last year: get it cleared and address it before "
        "loading",
    ),
    (
        "an old back injury: elevated before the floor",
        {"back_injury": "past"},
        "hinge",
        8,
        "earn the floor from the elevated rungs",
    ),
    (
        "never trained: taught from the top down",
        {"training_age": "none"},
        "hinge",
        2,
        "No training with weights yet",
    ),
    (
        "less than a year",
        {"training_age": "under_1"},
        "hinge",
        4,
        "rung 4: Barbell RDL",
    ),
    ("one to three years", {"training_age": "1_3"}, "hinge", 8, "rack pull"),
    (
        "tight hamstrings keep the load off the floor",
        {"aslr": 60},
        "hinge",
        8,
        "Active straight-leg raise of 60°",
    ),
    ("very tight hamstrings", {"aslr": 40}, "hinge", 2, "as far as the hips go back"),
    (
        "fingertips far from the floor",
        {"toe_touch": 15},
        "hinge",
        8,
        "Toe touch 15 cm from the floor",
    ),
    ("fingertips very far from the floor", {"toe_touch": 30}, "hinge", 2, "rung 2"),
    ("minor faults in the hinge", {"hinge_quality": 2}, "hinge", 2, "2/3"),
    ("major faults in the hinge", {"hinge_quality": 1}, "hinge", 1, "1/3"),
    (
        "new, tight and everyday: the lowest limit wins",
        {"training_age": "none", "aslr": 60, "goal": "everyday"},
        "hinge",
        2,
        "start at rung 2",
    ),
    ("perfect squat", {}, "squat", 9, "top rung"),
    ("stiff ankles: squat to a box", {"knee_to_wall": 3}, "squat", 3, "to a box"),
    ("squat with minor faults", {"squat_quality": 2}, "squat", 3, "a box sets"),
    ("no push-up yet", {"pushup_reps": 0}, "push", 1, "hands raised"),
    ("a few push-ups", {"pushup_reps": 5}, "push", 2, "5 push-ups"),
    ("no overhead press without the reach", {"overhead_reach": False}, "push", 6, ""),
    ("a short hang: no hanging yet", {"dead_hang": 5}, "pull", 5, "Dead hang of 5 s"),
    ("a medium hang: the band helps", {"dead_hang": 20}, "pull", 6, "band"),
    ("poor balance: hold on", {"balance": 5}, "lunge", 1, "hold on for balance"),
    (
        "a recent knee injury: address it first",
        {"knee_injury": True},
        "lunge",
        1,
        "address it before loading",
    ),
    (
        "no overhead carries without the reach",
        {"overhead_reach": False},
        "carry",
        5,
        "",
    ),
    ("pain while carrying", {"carry_pain": 1}, "carry", 1, "1/10"),
]


@pytest.mark.parametrize(
    ("changes", "pattern", "rung", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_rules_follow_the_coach(changes, pattern, rung, words):
    recommendation = start(PERFECT | changes, pattern)
    assert recommendation.position == rung
    assert recommendation.rung == LADDERS[pattern][rung - 1].name
    assert any(words in reason for reason in recommendation.reasons), (
        recommendation.reasons
    )


def test_pain_and_recent_injury_say_to_address_them_first():
    assert start(PERFECT | {"hinge_pain": 1}).address_first
    assert start(PERFECT | {"back_injury": "recent"}).address_first
    assert not start(PERFECT | {"back_injury": "past"}).address_first
    assert not start(PERFECT | {"hinge_dowel": "head"}).address_first


def test_the_floor_deadlift_is_never_where_a_muscle_or_everyday_goal_starts():
    for goal in ("muscle", "everyday"):
        position = start(PERFECT | {"goal": goal}).position
        assert position not in HINGE_FLOOR_RUNGS


# --- How far the goal lets a client progress -----------------------------------------


@pytest.mark.parametrize(
    ("goal", "highest"),
    [
        ("strength", 11),  # the top: the floor deadlift
        ("power", 11),  # as good as strength: no rule reads it as worse
        ("muscle", 8),  # just below the floor lifts: the rack pull
        ("everyday", 4),  # the barbell RDL, the fourth rung
        (None, 11),  # no goal known
        ("fitness", 11),  # not an answer the rules know: as if none were known
    ],
)
def test_the_goal_caps_how_far_up_the_hinge_ladder_a_client_progresses(goal, highest):
    assert rules.goal_allows("hinge", goal, LADDERS["hinge"]) == highest


@pytest.mark.parametrize("goal", ["strength", "muscle", "everyday"])
def test_the_goal_caps_nothing_on_a_pattern_whose_rules_do_not_read_it(goal):
    for pattern in ["squat", "push", "pull", "lunge", "carry"]:
        ladder = LADDERS[pattern]
        assert rules.goal_allows(pattern, goal, ladder) == len(ladder)
    rotation = [rules.Rung("Half-kneeling cable chop"), rules.Rung("Landmine")]
    assert rules.goal_allows("rotation", goal, rotation) == 2


def test_the_goal_caps_a_short_or_empty_ladder_at_its_own_top():
    hinge = LADDERS["hinge"]
    assert rules.goal_allows("hinge", "everyday", hinge[:3]) == 3
    # Muscle keeps the floor lifts out, and rung 5 is one.
    assert rules.goal_allows("hinge", "muscle", hinge[:5]) == 4
    assert rules.goal_allows("hinge", "everyday", []) == 0


def test_with_every_rung_in_reach_from_the_floor_the_goal_leaves_rung_one():
    floor_only = [rules.Rung("Trap bar deadlift", True), rules.Rung("Deadlift", True)]
    assert rules.goal_allows("hinge", "muscle", floor_only) == 1
    assert rules.goal_allows("hinge", "strength", floor_only) == 2
    # Everyday life reaches rung 4 at most: only floor lifts are in reach.
    floor_first = [rules.Rung(f"Floor lift {n}", True) for n in range(1, 5)]
    floor_first.append(rules.Rung("Block pull"))
    assert rules.goal_allows("hinge", "everyday", floor_first) == 1


def test_with_only_floor_lifts_in_reach_and_the_floor_closed_the_start_is_rung_one():
    """Never experienced (at most rung 2) and a hip that cannot reach the floor:
    both rungs in reach are floor lifts, so the start is rung 1, not the top."""
    ladder = [
        rules.Rung("Trap bar deadlift", True),
        rules.Rung("Deadlift", True),
        rules.Rung("Block pull"),
    ]
    results = PERFECT | {"training_age": "none", "aslr": 60}
    start = rules.recommend(results, {"hinge": ladder}, ["hinge"])["hinge"]
    assert (start.position, start.rung) == (1, "Trap bar deadlift")


def test_missing_results_give_the_first_rung_and_are_named():
    results = dict(PERFECT)
    del results["aslr"], results["goal"]
    recommendation = start(results)
    assert recommendation.position == 1
    assert recommendation.missing == ("active straight-leg raise", "goal")
    assert recommendation.reasons[0] == (
        "Missing: active straight-leg raise and goal. Start at the most conservative "
        "rung until they are recorded."
    )


def test_nothing_recorded_still_recommends_the_first_rung_everywhere():
    found = rules.recommend({}, LADDERS)
    assert list(found) == ["hinge", "squat", "push", "pull", "lunge", "carry"]
    assert {r.position for r in found.values()} == {1}


def test_odd_values_count_as_missing():
    results = PERFECT | {
        "aslr": "eighty",
        "hinge_dowel": "sideways",
        "hinge_pain": True,
    }
    recommendation = start(results)
    assert recommendation.position == 1
    assert set(recommendation.missing) == {
        "active straight-leg raise",
        "dowel hinge",
        "pain while hinging",
    }


def test_only_the_weightiest_rule_of_each_result_gives_a_reason():
    reasons = start(PERFECT | {"aslr": 40}).reasons
    assert len([r for r in reasons if "straight-leg raise" in r]) == 1


def test_patterns_for_names_the_patterns_a_protocols_tests_speak_to():
    assert rules.patterns_for(["training_age", "goal", "overhead_reach"]) == []
    assert rules.patterns_for(["training_age", "aslr", "squat_pain"]) == [
        "hinge",
        "squat",
    ]


def test_a_recommendation_is_plain_data():
    data = start(PERFECT).as_data()
    assert data["position"] == 11
    assert data["reasons"] == [
        "Every result is clear: start at the top rung, 11: "
        "Straight bar deadlift from the ground."
    ]


@pytest.mark.parametrize(
    ("key", "before", "after", "change"),
    [
        ("aslr", 60, 75, "better"),
        ("toe_touch", 5, 15, "worse"),
        ("hinge_dowel", "head", "tailbone", "same"),
        ("hinge_dowel", "head", "kept", "better"),
        # A goal is a choice, not a result: a new one is neither better nor worse.
        ("goal", "everyday", "strength", "changed"),
        ("goal", "strength", "everyday", "changed"),
        ("goal", "strength", "power", "changed"),
        ("goal", "muscle", "muscle", "same"),
        ("aslr", None, 75, ""),
        ("not_a_rule", 1, 2, ""),
    ],
)
def test_compare_reads_better_and_worse_in_the_rules_order(key, before, after, change):
    assert rules.compare(key, before, after) == change


def test_the_rules_page_text_comes_from_the_rules():
    described = {d.pattern: d for d in rules.describe(LADDERS)}
    assert list(described) == list(rules.RULES)
    hinge = described["hinge"]
    assert len(hinge.lines) == len(rules.RULES["hinge"])
    lines = {(line.when, line.then) for line in hinge.lines}
    assert (
        "Pain while hinging above 0/10",
        "Rung 1, and address it before loading",
    ) in (lines)
    assert (
        "Active straight-leg raise below 70°",
        "No lifts from the floor (rungs 5, 9, 10 and 11)",
    ) in lines
    assert ("A goal of everyday life", "At most rung 4: Barbell RDL") in lines


def test_every_input_is_a_builtin_test_of_the_matching_kind():
    """The rules and the data migration agree on keys, kinds and answers."""
    for key, source in rules.INPUTS.items():
        test = SCREENS.TESTS.get(key)
        assert test is not None, f"no built-in test for {key}"
        kind, unit, options = test[2], test[3], test[6]
        if source.answers and isinstance(source.answers[0][0], bool):
            assert kind in ("pass_fail", "yes_no"), key
        elif source.answers:
            assert kind == "choice", key
            assert {v for v, _, _ in source.answers} == {v for v, _ in options}, key
        elif source.unit == "/10":
            assert kind == "pain", key
        elif source.unit == "/3":
            assert kind == "quality", key
        else:
            assert kind == "number", key
            assert unit, key


# --- Properties -----------------------------------------------------------------------


def _top(source: rules.Input) -> int:
    return {"/10": 10, "/3": 3}.get(source.unit, 300)


def _near(source: rules.Input) -> list:
    """The values where a rung can change: each answer, or each threshold and its
    neighbours, and both ends of the scale."""
    if source.answers:
        return [value for value, _, _ in source.answers]
    top = _top(source)
    limits = {
        r.worse_than for rs in rules.RULES.values() for r in rs if r.key == source.key
    }
    return sorted(
        {0, top} | {max(0, min(top, t + d)) for t in limits for d in (-1, 0, 1)}
    )


def _values(source: rules.Input):
    """Valid values for one input, mostly where a rung can change."""
    if source.answers:
        return st.sampled_from(_near(source))
    top = _top(source)
    anywhere = st.integers(0, top) if top <= 10 else st.decimals(0, top, places=1)
    return st.one_of(st.sampled_from(_near(source)), anywhere)


KEYS = sorted(rules.INPUTS)
complete_results = st.fixed_dictionaries(
    {key: _values(source) for key, source in rules.INPUTS.items()}
)


def _change_of(pattern: str):
    return st.sampled_from([i.key for i in rules.inputs_of(pattern)]).flatmap(
        lambda key: st.tuples(st.just(key), _values(rules.INPUTS[key]))
    )


@settings(max_examples=1000, deadline=None)
@given(pattern=st.sampled_from(list(rules.RULES)), data=st.data())
def test_worsening_any_one_result_never_raises_the_rung(pattern, data):
    """A near-perfect screen with a few results changed (where single limits decide
    the rung), then one result made worse: the pattern may not start higher.
    Leaving a result out is the worst change of all."""
    inputs = rules.inputs_of(pattern)
    changed = dict(data.draw(st.lists(_change_of(pattern), max_size=3), "changed"))
    results = PERFECT | changed
    source = data.draw(st.sampled_from(inputs), "worsened")
    if data.draw(st.booleans(), "left out"):
        worsened = {k: v for k, v in results.items() if k != source.key}
    else:
        worse = data.draw(_values(source), "worse")
        assume(
            source.severity(source.read(worse))
            >= source.severity(source.read(results[source.key]))
        )
        worsened = results | {source.key: worse}
    before = rules.recommend(results, LADDERS, [pattern])[pattern]
    after = rules.recommend(worsened, LADDERS, [pattern])[pattern]
    assert after.position <= before.position


@pytest.mark.parametrize("pattern", list(rules.RULES))
def test_worsening_never_raises_the_rung_for_any_pair_of_changes(pattern):
    """The same property, checked exhaustively: every pair of results at every
    value where a rung can change, each single worsening of it."""
    inputs = rules.inputs_of(pattern)

    def position(results):
        return rules.recommend(results, LADDERS, [pattern])[pattern].position

    for i, first in enumerate(inputs):
        for second in inputs[i:]:
            for a in _near(first):
                for b in _near(second):
                    results = PERFECT | {first.key: a, second.key: b}
                    base = position(results)
                    for source in inputs:
                        now = source.severity(source.read(results[source.key]))
                        for worse in _near(source):
                            if source.severity(source.read(worse)) >= now:
                                assert position(results | {source.key: worse}) <= base


@settings(max_examples=200, deadline=None)
@given(results=complete_results, data=st.data())
def test_a_missing_result_gives_the_first_rung_and_names_it(results, data):
    pattern = data.draw(st.sampled_from(sorted(rules.RULES)))
    source = data.draw(st.sampled_from(rules.inputs_of(pattern)))
    del results[source.key]
    recommendation = rules.recommend(results, LADDERS, [pattern])[pattern]
    assert recommendation.position == 1
    assert source.label in recommendation.missing
    assert source.label in recommendation.reasons[0]


@settings(max_examples=200, deadline=None)
@given(results=complete_results)
def test_every_recommendation_is_a_rung_with_a_reason(results):
    for pattern, recommendation in rules.recommend(results, LADDERS).items():
        ladder = LADDERS[pattern]
        assert 1 <= recommendation.position <= len(ladder)
        assert recommendation.rung == ladder[recommendation.position - 1].name
        assert recommendation.reasons
        if recommendation.address_first:
            assert recommendation.position == 1
        if pattern == "hinge" and results["goal"] in ("muscle", "everyday"):
            assert recommendation.position not in HINGE_FLOOR_RUNGS


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(rules.INPUTS)), junk))
def test_no_input_crashes_the_rules(results):
    for recommendation in rules.recommend(results, LADDERS).values():
        assert recommendation.position >= 1


def test_numbers_read_as_int_decimal_or_float_alike():
    assert start(PERFECT | {"aslr": Decimal("60.0")}).position == 8
    assert start(PERFECT | {"aslr": 60.0}).position == 8
    assert start(PERFECT | {"aslr": 60}).position == 8
