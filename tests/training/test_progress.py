"""Progress over time: each chart's series on small hand-made logs, kg and lb, the
empty states, the pages that show them, who may see them, and flat query budgets."""

import json
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from programming.models import AssignmentChange, Pattern
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
)
from tests.factories import (
    AssessmentFactory,
    ClientWithLoginFactory,
    LadderFactory,
    VariationFactory,
)
from training.models import Workout, WorkoutExercise, WorkoutSet
from training.selectors import (
    BALANCE_WEEKS,
    WEEKS,
    progress_for_client,
)
from training.selectors.progress import number_text

pytestmark = pytest.mark.django_db

# A Wednesday. Its week starts on Monday 10 March; the window on 23 December 2024.
TODAY = date(2025, 3, 12)
THIS_WEEK = date(2025, 3, 10)
FIRST_WEEK = THIS_WEEK - timedelta(weeks=WEEKS - 1)


def week(n: int) -> date:
    """The Monday of the n-th week of the window, 0 the first."""
    return FIRST_WEEK + timedelta(weeks=n)


def log(client, on: date, variation, *sets, pain=None, where="", position=1):
    """One exercise of ``variation`` done on ``on``: ``sets`` as (reps, load, unit),
    load None for bodyweight."""
    workout, _ = Workout.objects.get_or_create(
        client=client,
        performed_on=on,
        defaults={"uid": uuid.uuid4(), "day_name": "Day A"},
    )
    exercise = WorkoutExercise.objects.create(
        workout=workout,
        position=workout.exercises.count() + 1,
        variation=variation,
        pattern=variation.pattern,
        target="",
        pain=pain,
        pain_where=where,
    )
    WorkoutSet.objects.bulk_create(
        WorkoutSet(
            exercise=exercise,
            position=n,
            reps=reps,
            load=None if load is None else Decimal(load),
            load_unit=unit,
        )
        for n, (reps, load, unit) in enumerate(sets, start=1)
    )
    return exercise


def kg(reps, load):
    return (reps, load, "kg")


def lb(reps, load):
    return (reps, load, "lb")


@pytest.fixture
def alex(db):
    return ClientWithLoginFactory(first_name="Alex")


@pytest.fixture
def lift(alex):
    """Alex's own lifts, one per pattern, named after it."""

    def make(pattern=Pattern.HINGE, name=""):
        return VariationFactory(
            owner=alex.trainer, pattern=pattern, name=name or f"{pattern.label} lift"
        )

    return make


def progress(client):
    return progress_for_client(client=client, today=TODAY)


def series(chart, label):
    return next(s for s in chart.series if s.label == label).values


def test_the_window_is_twelve_weeks_to_this_one():
    p = progress_for_client(client=ClientWithLoginFactory(), today=TODAY)
    assert len(p.weeks) == WEEKS == 12
    assert p.weeks[0] == FIRST_WEEK == date(2024, 12, 23)
    assert p.weeks[-1] == THIS_WEEK
    assert all(w.weekday() == 0 for w in p.weeks)


def test_heaviest_set_and_weekly_volume_per_pattern(alex, lift):
    rdl, squat = lift(Pattern.HINGE), lift(Pattern.SQUAT)
    log(alex, week(3), rdl, kg(8, 40), kg(8, 40), kg(8, 40))
    log(alex, week(3) + timedelta(days=3), rdl, kg(5, 50), kg(5, 50))
    log(alex, week(4), squat, kg(10, 20))
    # Outside the window: before it, and a later date the client typed by mistake.
    log(alex, FIRST_WEEK - timedelta(days=1), rdl, kg(1, 200))
    log(alex, THIS_WEEK + timedelta(weeks=1), rdl, kg(1, 300))

    p = progress(alex)

    assert series(p.top_load, "Hinge")[3] == 50
    assert series(p.top_load, "Hinge")[4] is None  # nothing logged: no point
    assert series(p.volume, "Hinge")[3] == 3 * 8 * 40 + 2 * 5 * 50
    assert series(p.volume, "Hinge")[4] == 0
    assert series(p.volume, "Squat")[4] == 200
    assert [s.label for s in p.top_load.series] == ["Hinge", "Squat"]
    assert max(v or 0 for v in series(p.top_load, "Hinge")) == 50
    assert p.sets == 6


def test_bodyweight_and_timed_sets_count_as_sets_not_load(alex, lift):
    log(alex, week(10), lift(Pattern.PUSH), kg(12, None), kg(10, None))
    plank = lift(Pattern.CARRY)
    WorkoutSet.objects.create(
        exercise=log(alex, week(10), plank),
        position=1,
        seconds=45,
    )

    p = progress(alex)

    assert p.top_load.is_empty
    assert p.volume.is_empty
    assert p.e1rm.is_empty
    balance = {row.pattern: row.before for row in p.balance}
    assert balance[Pattern.PUSH] == 2
    assert balance[Pattern.CARRY] == 1


def test_lb_is_converted_to_kg_never_added_as_it_is(alex, lift):
    rdl = lift(Pattern.HINGE)
    log(alex, week(6), rdl, kg(10, 40), lb(10, 100))

    p = progress(alex)

    assert series(p.top_load, "Hinge")[6] == 45.4  # 100 lb, not 100 kg
    assert series(p.volume, "Hinge")[6] == round(10 * 40 + 10 * 100 * 0.45359237)
    assert series(p.e1rm, "Hinge lift")[6] == round(100 * 0.45359237 * (1 + 10 / 30), 1)


def test_estimated_1rm_by_epley_for_loaded_sets_of_twelve_reps_or_fewer(alex, lift):
    rdl = lift(Pattern.HINGE, "Barbell RDL")
    trap = lift(Pattern.HINGE, "Trap bar deadlift")
    log(alex, week(2), rdl, kg(5, 100), kg(3, 105))
    log(alex, week(3), rdl, kg(1, 120), kg(13, 80))
    log(alex, week(4), rdl, kg(15, 60))  # too many reps to say
    log(alex, week(4), trap, kg(6, 90))
    log(alex, week(4), lift(Pattern.PUSH), kg(12, None))  # unloaded

    p = progress(alex)

    assert [s.label for s in p.e1rm.series] == ["Barbell RDL", "Trap bar deadlift"]
    rdl_1rm = series(p.e1rm, "Barbell RDL")
    assert rdl_1rm[2] == round(max(100 * (1 + 5 / 30), 105 * (1 + 3 / 30)), 1)
    assert rdl_1rm[3] == 120  # a single counts as it is; 13 reps do not count
    assert rdl_1rm[4] is None
    assert series(p.e1rm, "Trap bar deadlift")[4] == 108


def _at(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time(12)))


def _backdate(assignment, on: date) -> None:
    latest = assignment.changes.order_by("-pk").first()
    AssignmentChange.objects.filter(pk=latest.pk).update(created_at=_at(on))


def test_rung_steps_week_by_week_with_assessments_marked(alex):
    ladder = LadderFactory(owner=alex.trainer, pattern=Pattern.HINGE, rungs=4)
    rungs = [r.variation for r in ladder.rungs.order_by("position")]
    coach = alex.trainer
    assignment = assignment_set(
        client=alex, variation=rungs[0], ladder=ladder, changed_by=coach
    )
    _backdate(assignment, FIRST_WEEK - timedelta(weeks=3))
    assignment = assignment_progress(assignment=assignment, changed_by=coach)
    _backdate(assignment, week(3) + timedelta(days=2))
    assignment = assignment_progress(assignment=assignment, changed_by=coach)
    _backdate(assignment, week(6))
    assignment = assignment_regress(assignment=assignment, changed_by=coach)
    _backdate(assignment, week(8) + timedelta(days=6))
    # A new dose on the same rung is no move on the ladder.
    assignment = assignment_set(
        client=alex, variation=rungs[1], changed_by=coach, sets=5, reps=5
    )
    _backdate(assignment, week(9))
    done = {"status": Assessment.Status.DONE, "finished_at": timezone.now()}
    AssessmentFactory(client=alex, assessed_on=week(1), **done)
    AssessmentFactory(client=alex, assessed_on=week(5))  # a draft: not marked
    AssessmentFactory(assessed_on=week(7), **done)  # another client's

    p = progress(alex)

    hinge = series(p.rungs.chart, "Hinge")
    assert hinge == [1, 1, 1, 2, 2, 2, 3, 3, 2, 2, 2, 2]
    assert p.rungs.top == 3  # the highest rung held: the axis goes one above
    assert p.rungs.assessed == [week(1)]
    assert [(e.on, e.what, e.position) for e in p.rungs.events] == [
        (week(0), "Standing", 1),
        (week(1), "Assessment finished", None),
        (week(3) + timedelta(days=2), "Progressed", 2),
        (week(6), "Progressed", 3),
        (week(8) + timedelta(days=6), "Regressed", 2),
    ]
    markers = p.rungs.as_json()["markers"]
    assert markers["data"][1] == 0
    assert markers["data"].count(None) == WEEKS - 1
    notes = p.rungs.chart.series[0].notes
    assert notes[6] == f"rung 3 of 4: {rungs[2].name}"


def test_a_rung_set_after_the_window_is_not_drawn(alex):
    ladder = LadderFactory(owner=alex.trainer, pattern=Pattern.SQUAT, rungs=2)
    assignment_set(
        client=alex,
        variation=ladder.rungs.get(position=1).variation,
        ladder=ladder,
        changed_by=alex.trainer,
    )  # now, long after TODAY

    assert progress(alex).rungs.is_empty


def test_pain_is_the_most_each_week_with_where_and_zero_when_pain_free(alex, lift):
    rdl, squat = lift(Pattern.HINGE), lift(Pattern.SQUAT)
    log(alex, week(5), rdl, kg(8, 40), pain=0)
    log(alex, week(6), rdl, kg(8, 40), pain=3, where="hamstring")
    log(alex, week(6) + timedelta(days=2), rdl, kg(8, 40), pain=6, where="lower back")
    log(alex, week(6), squat, kg(8, 20))  # no pain recorded at all

    p = progress(alex)

    hinge = next(s for s in p.pain.series if s.key == "hinge")
    assert hinge.values[4] is None
    assert hinge.values[5] == 0
    assert hinge.values[6] == 6
    assert hinge.notes[6] == "lower back"
    assert [s.key for s in p.pain.series] == ["hinge"]
    row = p.pain.rows[6]
    assert row.week == week(6)
    assert (row.cells[0].value, row.cells[0].note) == (6, "lower back")


def test_balance_is_this_weeks_sets_against_the_four_weeks_before(alex, lift):
    rdl, row, carry = lift(Pattern.HINGE), lift(Pattern.PULL), lift(Pattern.CARRY)
    log(alex, THIS_WEEK, rdl, kg(5, 60), kg(5, 60), kg(5, 60))
    log(alex, THIS_WEEK + timedelta(days=1), row, kg(10, 20))
    for n in range(1, BALANCE_WEEKS + 1):
        log(alex, THIS_WEEK - timedelta(weeks=n), rdl, kg(5, 60), kg(5, 60))
    log(alex, THIS_WEEK - timedelta(weeks=BALANCE_WEEKS + 1), carry, kg(1, 32))

    balance = {r.pattern: r for r in progress(alex).balance}

    assert list(balance) == list(Pattern)
    assert balance[Pattern.HINGE].this_week == 3
    assert balance[Pattern.HINGE].before == 2 * BALANCE_WEEKS
    assert balance[Pattern.HINGE].per_week_before == 2
    assert balance[Pattern.PULL].this_week == 1
    assert balance[Pattern.CARRY].before == 0  # five weeks ago: not counted
    assert balance[Pattern.LUNGE].this_week == 0


def test_nothing_logged_or_assigned_is_empty_everywhere(alex):
    p = progress(alex)
    assert not p.has_workouts
    assert p.rungs.is_empty
    for chart in (p.top_load, p.volume, p.e1rm, p.pain):
        assert chart.is_empty
        assert chart.series == []
    assert all(r.this_week == r.before == 0 for r in p.balance)


def test_the_chart_data_is_plain_json(alex, lift):
    log(alex, week(11), lift(), kg(5, 60), pain=2, where="knee")
    data = json.loads(json.dumps(progress(alex).as_json()))
    assert set(data) == {"rungs", "load", "volume", "e1rm", "pain", "balance"}
    assert len(data["load"]["labels"]) == WEEKS
    assert data["load"]["labels"][-1] == "10 Mar"
    assert data["pain"]["series"][0]["notes"][-1] == "knee"
    assert data["balance"]["labels"] == [p.label for p in Pattern]


@pytest.mark.parametrize(
    "value", [0, 7, 60, 1234, 62.5, 27.2, 0.1, 99.9, 100.0, 12.25, 12.35, 0.05, 4.75]
)
def test_numbers_are_shown_as_floatformat_shows_them(value):
    assert number_text(value) == floatformat(value, "-1")


def test_a_table_row_has_its_week_and_numbers_formatted_once(alex, lift):
    log(alex, week(11), lift(), lb(5, 100))  # 45.4 kg

    row = progress(alex).top_load.rows[-1]

    assert row.label == "10 Mar"
    assert [cell.text for cell in row.cells] == ["45.4"]


# Pages


def test_my_progress_shows_the_charts_and_their_numbers(client, alex, lift):
    log(alex, timezone.localdate(), lift(), kg(5, 60), pain=5, where="lower back")
    client.force_login(alex.user)

    page = client.get(reverse("training:my_progress"))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<script id="progress-data" type="application/json">' in html
    assert 'data-chart="load"' in html
    assert "js/progress-charts.js" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<script>" not in html  # nothing inline
    assert "lower back" in html  # in the table, readable without JavaScript
    assert "Epley" in html
    assert "Loads logged in lb are shown in kg" in html
    assert reverse("training:my_progress") in html  # in the menu


def test_my_progress_with_nothing_logged_says_so(client, alex):
    client.force_login(alex.user)
    html = client.get(reverse("training:my_progress")).content.decode()
    assert "Nothing to show yet" in html
    assert "progress-data" not in html
    assert "progress-charts.js" not in html


def test_a_client_sees_only_their_own_progress(client, alex, lift):
    other = ClientWithLoginFactory(trainer=alex.trainer)
    theirs = VariationFactory(owner=alex.trainer, name="Someone else's deadlift")
    log(other, timezone.localdate(), theirs, kg(5, 140))
    log(alex, timezone.localdate(), lift(name="Alex's deadlift"), kg(5, 60))
    client.force_login(alex.user)

    html = client.get(reverse("training:my_progress")).content.decode()

    assert "Alex&#x27;s deadlift" in html
    assert "Someone else" not in html


def test_the_client_page_shows_the_clients_progress(client, alex, lift):
    log(alex, timezone.localdate(), lift(name="Goblet squat"), kg(8, 24))
    client.force_login(alex.trainer)

    page = client.get(alex.get_absolute_url())

    assert page.context["progress"].sets == 1
    assert 'data-chart="e1rm"' in page.content.decode()


def test_another_trainers_client_has_no_progress_to_see(client, alex, lift):
    log(alex, timezone.localdate(), lift(), kg(8, 24))
    client.force_login(ClientWithLoginFactory().trainer)
    assert client.get(alex.get_absolute_url()).status_code == 404


def test_a_trainer_has_no_my_progress(client, alex):
    client.force_login(alex.trainer)
    assert client.get(reverse("training:my_progress")).status_code == 403


# Query budgets: flat from one set to a few thousand.


def a_long_log(client, *, days: int, sets_per_exercise: int) -> int:
    """A workout each of the last ``days`` days, an exercise per pattern, each with
    ``sets_per_exercise`` sets (every third in lb, every fourth painful): a few
    INSERTs."""
    variations = [
        VariationFactory(owner=client.trainer, pattern=p, name=f"{p.label} main")
        for p in Pattern
    ]
    today = timezone.localdate()
    workouts = Workout.objects.bulk_create(
        Workout(
            uid=uuid.uuid4(),
            client=client,
            day_name="Day",
            performed_on=today - timedelta(days=n),
        )
        for n in range(days)
    )
    exercises = WorkoutExercise.objects.bulk_create(
        WorkoutExercise(
            workout=w,
            position=position,
            variation=v,
            pattern=v.pattern,
            target="",
            rpe=7,
            pain=(n + position) % 4,
            pain_where="knee" if (n + position) % 4 == 3 else "",
        )
        for n, w in enumerate(workouts)
        for position, v in enumerate(variations, start=1)
    )
    made = WorkoutSet.objects.bulk_create(
        (
            WorkoutSet(
                exercise=e,
                position=s,
                reps=5 + s % 6,
                load=Decimal(20 + s),
                load_unit="lb" if s % 3 == 0 else "kg",
            )
            for e in exercises
            for s in range(1, sets_per_exercise + 1)
        ),
        batch_size=1000,
    )
    return len(made)


# Session, user and the client, then four for the progress (the sets by week and
# lift, the pain by week, the assignment changes, the finished assessments).
MY_PROGRESS_QUERIES = 7


def _window_days() -> int:
    """Every day of the window up to today."""
    return timezone.localdate().weekday() + 1 + 7 * (WEEKS - 1)


@pytest.mark.parametrize("many", [False, True], ids=["one-set", "thousands"])
def test_my_progress_query_budget(client, alex, many, django_assert_max_num_queries):
    made = a_long_log(
        alex, days=_window_days() if many else 1, sets_per_exercise=8 if many else 1
    )
    assert made >= 3500 if many else made == 6
    client.force_login(alex.user)
    with django_assert_max_num_queries(MY_PROGRESS_QUERIES):
        page = client.get(reverse("training:my_progress"))
    assert page.status_code == 200
    assert 'data-chart="load"' in page.content.decode()
    assert progress_for_client(client=alex).sets == made


# Kept per revision of the client: session, user and the client.
MY_PROGRESS_WARM_QUERIES = 3


@pytest.mark.parametrize("workouts", [10, 200])
def test_my_progress_query_budget_is_flat_cold_and_warm(
    client, alex, workouts, django_assert_max_num_queries
):
    a_long_log(alex, days=workouts, sets_per_exercise=3)
    client.force_login(alex.user)
    with django_assert_max_num_queries(MY_PROGRESS_QUERIES):
        cold = client.get(reverse("training:my_progress")).content.decode()
    with django_assert_max_num_queries(MY_PROGRESS_WARM_QUERIES):
        warm = client.get(reverse("training:my_progress")).content.decode()
    assert 'data-chart="load"' in cold
    assert _body(warm) == _body(cold)


def _body(html: str) -> str:
    """The page's main content, without the response's own token."""
    return html.split('id="main"', 1)[1] if 'id="main"' in html else html


def test_a_workout_logged_shows_on_my_progress_at_once(client, alex, lift):
    log(alex, timezone.localdate(), lift(name="Trap bar deadlift"), kg(5, 60))
    client.force_login(alex.user)
    assert (
        "Goblet squat"
        not in client.get(reverse("training:my_progress")).content.decode()
    )

    log(alex, timezone.localdate(), lift(Pattern.SQUAT, "Goblet squat"), kg(8, 24))

    html = client.get(reverse("training:my_progress")).content.decode()
    assert "Goblet squat" in html
    assert "Trap bar deadlift" in html


def test_my_progress_kept_for_one_client_is_never_shown_to_another(client, alex, lift):
    other = ClientWithLoginFactory(trainer=alex.trainer)
    theirs = VariationFactory(owner=alex.trainer, name="Someone else's deadlift")
    log(other, timezone.localdate(), theirs, kg(5, 140))
    client.force_login(other.user)
    assert (
        "Someone else" in client.get(reverse("training:my_progress")).content.decode()
    )
    client.logout()

    client.force_login(alex.user)
    html = client.get(reverse("training:my_progress")).content.decode()

    assert "Nothing to show yet" in html
    assert "Someone else" not in html


@pytest.mark.parametrize("many", [False, True], ids=["one-set", "thousands"])
def test_the_client_page_query_budget_with_progress(
    client, alex, many, django_assert_max_num_queries
):
    made = a_long_log(
        alex, days=_window_days() if many else 1, sets_per_exercise=8 if many else 1
    )
    client.force_login(alex.trainer)
    with django_assert_max_num_queries(17):
        page = client.get(alex.get_absolute_url())
    assert page.context["progress"].sets == made
