"""The rules that turn logged workouts into suggestions: a case per rule and per
threshold, reasons word for word, and the properties that keep them safe."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training import progression
from training.progression import (
    EASY_EFFORT,
    RULES,
    Dismissed,
    Kind,
    Ladder,
    Logged,
    dates,
)

PAIN_THRESHOLD = 4  # the trainer's setting in these cases, unless one says another


def suggest(*args, pain_threshold=PAIN_THRESHOLD, **kwargs):
    return progression.suggest(*args, pain_threshold=pain_threshold, **kwargs)


HINGE = Ladder(
    rungs=(
        "Dowel hinge",
        "Kettlebell RDL",
        "Elevated deadlift",
        "Barbell RDL",
        "Kettlebell deadlift",
    ),
    ceiling=5,
    goal="strength",
)
DEC_3, DEC_5 = date(2026, 12, 3), date(2026, 12, 5)


def logged(on=DEC_5, position=3, *, complete=True, rpe=7, pain=0, **kwargs):
    return Logged(
        on=on,
        variation=HINGE.name(position) if position else "Another lift",
        position=position,
        complete=complete,
        rpe=rpe,
        pain=pain,
        **kwargs,
    )


def two(**changes):
    """The last two workouts on rung 3, newest first."""
    return [logged(DEC_5, **changes), logged(DEC_3, **changes)]


CASES = [
    # (name, logged, ladder, current, kind, to, reason)
    (
        "pain at the threshold: one rung down, flagged",
        [logged(DEC_3, pain=PAIN_THRESHOLD, where="lower back")],
        HINGE,
        3,
        Kind.REGRESS,
        2,
        "Pain 4/10 in the lower back on 3 Dec at Elevated deadlift: go back to "
        "Kettlebell RDL, pain-free first.",
    ),
    (
        "pain just under the threshold is not a regress",
        [logged(DEC_5, pain=PAIN_THRESHOLD - 1), logged(DEC_3)],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: pain 3/10 on 5 Dec: stay until it is pain-free.",
    ),
    (
        "pain: past the rung below that hurt too",
        [
            logged(DEC_5, position=3, pain=6),
            logged(DEC_3, position=2, pain=5),
            logged(date(2026, 12, 1), position=1),
        ],
        HINGE,
        3,
        Kind.REGRESS,
        1,
        "Pain 6/10 on 5 Dec at Elevated deadlift: go back to Dowel hinge, "
        "pain-free first.",
    ),
    (
        "pain on the first rung: nowhere lower, flagged",
        [logged(DEC_5, position=1, pain=8, where="knee")],
        HINGE,
        1,
        Kind.FLAG,
        None,
        "Pain 8/10 in the knee on 5 Dec at Dowel hinge, on the first rung: address "
        "it before loading, pain-free first.",
    ),
    (
        "earned: two easy, complete, pain-free workouts move up one rung",
        two(),
        HINGE,
        3,
        Kind.PROGRESS,
        4,
        "Every set and rep at RPE 7 or less, pain-free, on 3 and 5 Dec: move up to "
        "Barbell RDL.",
    ),
    (
        "one workout is too little",
        [logged(DEC_5)],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: 2 days of Elevated deadlift are needed to decide; 1 so far.",
    ),
    (
        "workouts of another rung do not count",
        [logged(DEC_5), logged(DEC_3, position=2)],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: 2 days of Elevated deadlift are needed to decide; 1 so far.",
    ),
    (
        "two logs on one day are one day",
        [logged(DEC_5), logged(DEC_5)],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: 2 days of Elevated deadlift are needed to decide; 1 so far.",
    ),
    (
        "a day with a second log that was hard does not count as done well",
        [logged(DEC_5), logged(DEC_5, rpe=9), logged(DEC_3)],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: RPE 9 on 5 Dec: stay on the rung until it is 7 or less.",
    ),
    (
        "RPE just above easy",
        two(rpe=EASY_EFFORT + 1),
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: RPE 8 on 5 Dec: stay on the rung until it is 7 or less.",
    ),
    (
        "effort not recorded",
        two(rpe=None),
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: no effort recorded on 5 Dec: log the RPE to decide.",
    ),
    (
        "sets short",
        two(complete=False),
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: sets or reps short on 5 Dec: stay until they are all done.",
    ),
    (
        "the top the goal allows: a load step instead",
        two(load=Decimal(40)),
        Ladder(HINGE.rungs, ceiling=3, goal="everyday life"),
        3,
        Kind.LOAD,
        3,
        "Every set and rep at RPE 7 or less, pain-free, on 3 and 5 Dec, on the top "
        "rung the goal of everyday life allows: add 2.5 kg to Elevated deadlift.",
    ),
    (
        "the top of the ladder, in pounds",
        [
            logged(DEC_5, position=5, load=Decimal(95), load_unit="lb"),
            logged(DEC_3, position=5, load=Decimal(90), load_unit="lb"),
        ],
        HINGE,
        5,
        Kind.LOAD,
        5,
        "Every set and rep at RPE 7 or less, pain-free, on 3 and 5 Dec, on the top "
        "rung the goal of strength allows: add 5 lb to Kettlebell deadlift.",
    ),
    (
        "nothing logged",
        [],
        HINGE,
        3,
        Kind.WAIT,
        None,
        "No change yet: nothing logged yet for this pattern.",
    ),
    (
        "off the ladder",
        two(),
        HINGE,
        None,
        Kind.WAIT,
        None,
        "No change yet: the current variation is not on the ladder.",
    ),
]


@pytest.mark.parametrize(
    ("entries", "ladder", "current", "kind", "to", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule(entries, ladder, current, kind, to, reason):
    suggestion = suggest("hinge", entries, ladder, current)
    assert (suggestion.kind, suggestion.to_position, suggestion.reason) == (
        kind,
        to,
        reason,
    )
    assert suggestion.flagged == (kind in {Kind.REGRESS, Kind.FLAG})
    assert suggestion.pattern == "hinge"


@pytest.mark.parametrize(
    ("entries", "current", "based_on"),
    [
        # Pain: the workout that hurt, whatever came before it.
        ([logged(DEC_5, pain=6), logged(DEC_3)], 3, (DEC_5,)),
        ([logged(DEC_5, position=1, pain=6), logged(DEC_3, position=1)], 1, (DEC_5,)),
        # A move up or a load step: the two workouts that earned it, oldest first.
        (two(), 3, (DEC_3, DEC_5)),
        (two(), 5, ()),  # not on rung 5: waits, on nothing
        ([logged(DEC_5)], 3, ()),
    ],
    ids=["regress", "flag", "progress", "wait", "too little"],
)
def test_a_suggestion_names_the_workouts_it_is_based_on(entries, current, based_on):
    assert suggest("squat", entries, HINGE, current).based_on == based_on


def test_each_suggestion_is_for_the_pattern_it_was_asked_about():
    for entries, current in [
        ([], 3),
        (two(), None),
        ([logged(DEC_5, pain=6)], 3),
        ([logged(DEC_5, position=1, pain=6)], 1),
        ([logged(DEC_5)], 3),
        (two(rpe=9), 3),
        (two(), 3),
        (two(), 5),
        ([logged(DEC_5, position=5), logged(DEC_3, position=5)], 5),
    ]:
        assert suggest("squat", entries, HINGE, current).pattern == "squat"


def test_pain_goes_back_past_every_rung_below_that_hurt_lately_to_the_first():
    entries = [
        logged(DEC_5, position=3, pain=6),
        logged(DEC_3, position=2, pain=5),
        logged(date(2026, 12, 1), position=1, pain=4),
    ]
    suggestion = suggest("hinge", entries, HINGE, 3)
    assert (suggestion.kind, suggestion.to_position) == (Kind.REGRESS, 1)
    assert suggestion.reason.endswith("go back to Dowel hinge, pain-free first.")


def test_pain_stops_at_the_first_rung_below_that_did_not_hurt():
    entries = [
        logged(DEC_5, position=4, pain=6),
        logged(DEC_3, position=3, pain=5),
        logged(date(2026, 12, 1), position=2),
    ]
    suggestion = suggest("hinge", entries, HINGE, 4)
    assert (suggestion.kind, suggestion.to_position) == (Kind.REGRESS, 2)


def test_any_pain_at_all_keeps_the_client_on_the_rung():
    suggestion = suggest("hinge", two(pain=1), HINGE, 3)
    assert suggestion.reason == (
        "No change yet: pain 1/10 on 5 Dec: stay until it is pain-free."
    )


def test_with_no_load_logged_the_step_starts_from_nothing_in_kilograms():
    suggestion = suggest("hinge", two(), Ladder(HINGE.rungs, ceiling=3), 3)
    assert (suggestion.kind, suggestion.load) == (Kind.LOAD, Decimal("2.5"))
    assert suggestion.reason == (
        "Every set and rep at RPE 7 or less, pain-free, on 3 and 5 Dec, on the top "
        "rung the goal allows: add 2.5 kg to Elevated deadlift."
    )


def test_a_load_that_is_not_a_number_is_left_out_of_the_step():
    entries = [
        logged(DEC_5, load=Decimal("NaN")),
        logged(DEC_3, load=Decimal(40)),
    ]
    suggestion = suggest("hinge", entries, Ladder(HINGE.rungs, ceiling=3), 3)
    assert suggestion.load == Decimal("42.5")
    entries = [logged(DEC_5, load=Decimal("Infinity")), logged(DEC_3)]
    suggestion = suggest("hinge", entries, Ladder(HINGE.rungs, ceiling=3), 3)
    assert suggestion.load == Decimal("2.5")


def test_a_load_in_a_unit_the_rules_do_not_know_never_raises():
    entries = two(load=Decimal(40), load_unit="st")
    suggestion = suggest("hinge", entries, Ladder(HINGE.rungs, ceiling=3), 3)
    assert (suggestion.kind, suggestion.load) == (Kind.LOAD, Decimal("42.5"))


def test_a_step_of_ten_reads_as_ten(monkeypatch):
    monkeypatch.setitem(progression.LOAD_STEP, "lb", Decimal(10))
    entries = two(load=Decimal(95), load_unit="lb")
    suggestion = suggest("hinge", entries, Ladder(HINGE.rungs, ceiling=3), 3)
    assert suggestion.load == Decimal(105)
    assert suggestion.reason.endswith("add 10 lb to Elevated deadlift.")


@pytest.mark.parametrize(
    ("days", "said"),
    [
        ([DEC_3], "3 Dec"),
        ([DEC_3, DEC_5], "3 and 5 Dec"),
        ([date(2026, 11, 28), date(2026, 12, 2)], "28 Nov and 2 Dec"),
        ([date(2026, 12, 28), date(2027, 1, 2)], "28 Dec and 2 Jan"),
    ],
)
def test_dates_are_said_briefly(days, said):
    assert dates(days) == said


def test_the_load_step_is_added_to_the_heaviest_recent_load():
    suggestion = suggest(
        "hinge",
        [logged(DEC_5, load=Decimal(40)), logged(DEC_3, load=Decimal("37.5"))],
        Ladder(HINGE.rungs, ceiling=3),
        3,
    )
    assert suggestion.load == Decimal("42.5")
    assert suggestion.based_on == (DEC_3, DEC_5)


def test_the_trainer_sets_the_pain_threshold():
    hurt = [logged(DEC_5, pain=5), logged(DEC_3)]
    assert suggest("hinge", hurt, HINGE, 3, pain_threshold=6).kind == Kind.WAIT
    assert suggest("hinge", hurt, HINGE, 3, pain_threshold=5).kind == Kind.REGRESS


def test_every_suggestion_names_a_rule_of_the_table():
    names = {rule.name for rule in RULES}
    for _, entries, ladder, current, *_ in CASES:
        suggestion = suggest("hinge", entries, ladder, current)
        assert suggestion.rule in names
        assert suggestion.principle in {rule.principle for rule in RULES}


# --- A dismissed move -----------------------------------------------------------

DISMISSED_AT = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
UP = Dismissed(Kind.PROGRESS, 4, DISMISSED_AT, DISMISSED_AT.date())


def at(on, hour=12, **kwargs):
    """Logged on ``on``, saved at ``hour`` o'clock that day."""
    saved = datetime(on.year, on.month, on.day, hour, tzinfo=UTC)
    return logged(on, logged_at=saved, **kwargs)


DEC_6, DEC_7 = date(2026, 12, 6), date(2026, 12, 7)


def test_a_dismissed_move_up_waits_for_two_more_days_of_its_own():
    before = [at(DEC_5), at(DEC_3)]
    one_more = [at(DEC_6), *before]
    suggestion = suggest("hinge", one_more, HINGE, 3, dismissed=UP)
    assert suggestion.kind == Kind.WAIT
    assert suggestion.reason == (
        "No change yet: dismissed on 5 Dec; since then, 2 days of Elevated "
        "deadlift are needed to decide; 1 so far."
    )
    two_more = [at(DEC_7), *one_more]
    suggestion = suggest("hinge", two_more, HINGE, 3, dismissed=UP)
    assert suggestion.kind == Kind.PROGRESS
    assert suggestion.based_on == (DEC_6, DEC_7)
    assert suggestion.reason == (
        "Dismissed before, on 5 Dec; again: Every set and rep at RPE 7 or less, "
        "pain-free, on 6 and 7 Dec: move up to Barbell RDL."
    )


def test_a_workout_of_the_dismissal_day_logged_before_it_does_not_count_again():
    same_day_before = at(DEC_5, hour=9)
    logs = [at(DEC_6), same_day_before, at(DEC_3)]
    assert suggest("hinge", logs, HINGE, 3, dismissed=UP).kind == Kind.WAIT


def test_a_dismissal_of_another_move_changes_nothing():
    down = Dismissed(Kind.REGRESS, 2, DISMISSED_AT, DISMISSED_AT.date())
    logs = [at(DEC_5), at(DEC_3)]
    assert suggest("hinge", logs, HINGE, 3, dismissed=down).kind == Kind.PROGRESS


def test_pain_after_a_dismissed_regress_brings_it_back_saying_so():
    down = Dismissed(Kind.REGRESS, 2, DISMISSED_AT, DISMISSED_AT.date())
    logs = [at(DEC_6, pain=6), at(DEC_5, pain=6)]
    suggestion = suggest("hinge", logs, HINGE, 3, dismissed=down)
    assert (suggestion.kind, suggestion.to_position) == (Kind.REGRESS, 2)
    assert suggestion.reason.startswith("Dismissed before, on 5 Dec; again: Pain 6")


# --- Properties ---------------------------------------------------------------------

RANK = {Kind.FLAG: 0, Kind.REGRESS: 0, Kind.WAIT: 1, Kind.PROGRESS: 2, Kind.LOAD: 2}

entries = st.lists(
    st.builds(
        Logged,
        on=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
        variation=st.sampled_from(["Goblet squat", "Box squat", "Ça va, 💪"]),
        position=st.one_of(st.none(), st.integers(min_value=-2, max_value=8)),
        complete=st.booleans(),
        rpe=st.one_of(st.none(), st.integers(min_value=-5, max_value=15)),
        pain=st.one_of(st.none(), st.integers(min_value=-5, max_value=15)),
        where=st.sampled_from(["", "knee", "  "]),
        load=st.one_of(
            st.none(), st.decimals(allow_nan=True, allow_infinity=True, places=2)
        ),
        load_unit=st.sampled_from(["kg", "lb", "?"]),
    ),
    max_size=6,
)
ladders = st.builds(
    Ladder,
    rungs=st.lists(
        st.sampled_from(["Rung", "<b>Rung</b>"]), min_size=1, max_size=11
    ).map(tuple),
    ceiling=st.integers(min_value=1, max_value=11),
    goal=st.sampled_from(["", "strength", "everyday life"]),
)


def _level(suggestion, current) -> tuple:
    to = suggestion.to_position if suggestion.to_position is not None else current
    return (RANK[suggestion.kind], to)


@given(entries, ladders, st.integers(min_value=1, max_value=11))
def test_junk_never_raises_and_no_move_skips_a_rung_up(logs, ladder, current):
    suggestion = suggest("hinge", logs, ladder, current)
    assert suggestion.reason
    assert "None" not in suggestion.reason
    if suggestion.kind == Kind.PROGRESS:
        assert suggestion.to_position == current + 1
    if suggestion.kind == Kind.REGRESS:
        assert 1 <= suggestion.to_position < current


@given(entries, ladders, st.integers(min_value=1, max_value=11))
def test_the_goals_ceiling_is_never_passed(logs, ladder, current):
    suggestion = suggest("hinge", logs, ladder, current)
    if suggestion.kind == Kind.PROGRESS:
        assert suggestion.to_position <= ladder.ceiling


@given(
    entries.filter(bool),
    ladders,
    st.integers(min_value=1, max_value=11),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=0, max_value=5),
)
def test_more_pain_never_gives_a_higher_suggestion(logs, ladder, current, index, more):
    index %= len(logs)
    worse = list(logs)
    before = worse[index].pain if isinstance(worse[index].pain, int) else 0
    worse[index] = Logged(**{**worse[index].__dict__, "pain": max(0, before) + more})
    calm = suggest("hinge", logs, ladder, current)
    hurt = suggest("hinge", worse, ladder, current)
    assert _level(hurt, current) <= _level(calm, current)


@given(entries, ladders, st.integers(min_value=1, max_value=11), st.data())
def test_a_second_log_of_a_day_never_earns_more(logs, ladder, current, data):
    """Logging a day again, as it was, never makes a move up that the day alone did
    not: days are counted, not logs."""
    if not logs:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(logs) - 1))
    again = [*logs[: index + 1], logs[index], *logs[index + 1 :]]
    once = suggest("hinge", logs, ladder, current)
    twice = suggest("hinge", again, ladder, current)
    assert _level(twice, current) <= _level(once, current)
    if twice.kind in {Kind.PROGRESS, Kind.LOAD}:
        assert len(set(twice.based_on)) == len(twice.based_on)


@given(entries, ladders, st.integers(min_value=1, max_value=11), st.data())
def test_a_dismissed_move_returns_only_from_what_was_logged_after(
    logs, ladder, current, data
):
    """With the move dismissed, the rules make it again only when the exercises
    logged after the dismissal make it on their own."""
    at_ = datetime(2026, 6, 1, tzinfo=UTC)
    stamped = [
        Logged(
            **{
                **entry.__dict__,
                "logged_at": at_ + timedelta(hours=data.draw(st.integers(-5, 5))),
            }
        )
        for entry in logs
    ]
    first = suggest("hinge", stamped, ladder, current)
    if not first.is_a_move and first.kind != Kind.FLAG:
        return
    dismissed = Dismissed(first.kind, first.to_position, at_, at_.date())
    again = suggest("hinge", stamped, ladder, current, dismissed=dismissed)
    after = [e for e in stamped if e.logged_at > at_]
    alone = suggest("hinge", after, ladder, current)
    if again.kind != Kind.WAIT:
        assert (alone.kind, alone.to_position) == (again.kind, again.to_position)
        assert again.reason.startswith("Dismissed before, on 1 Jun; again: ")
    else:
        assert (alone.kind, alone.to_position) != (first.kind, first.to_position)
