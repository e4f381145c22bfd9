import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    SessionFactory,
    WorkoutFactory,
)
from tests.locks import race
from tests.training.judge import log_and_judge
from training.models import Workout, WorkoutExercise
from training.services import (
    ID_TAKEN,
    NOT_THIS_CLIENT,
    NOT_THIS_DAY,
    ExerciseDone,
    SetDone,
    measure_of,
)

pytestmark = pytest.mark.django_db


def log(client, day, *, uid=None, exercises=None, **kwargs):
    if exercises is None:
        exercises = [
            ExerciseDone(
                prescription=p,
                sets=[SetDone(**{measure_of(p): 8}, load=Decimal(40))],
                rpe=7,
            )
            for p in day.prescriptions.all()
        ]
    return log_and_judge(
        client=client,
        day=day,
        performed_on=kwargs.pop("performed_on", timezone.localdate()),
        exercises=exercises,
        uid=uid or uuid.uuid4(),
        logged_by=client.user,
        **kwargs,
    )


def test_an_exercise_left_untouched_is_not_recorded(athlete, day):
    hinge, carry = day.prescriptions.order_by("position")
    workout, created = log(
        athlete,
        day,
        exercises=[
            ExerciseDone(prescription=hinge, sets=[SetDone(reps=8)]),
            ExerciseDone(prescription=carry),
        ],
    )
    assert created
    assert [e.variation for e in workout.exercises.all()] == [hinge.variation]


def test_pain_without_a_set_is_still_recorded(athlete, day):
    hinge, carry = day.prescriptions.order_by("position")
    workout, _ = log(
        athlete,
        day,
        exercises=[
            ExerciseDone(prescription=hinge, sets=[SetDone(reps=8)]),
            ExerciseDone(prescription=carry, pain=6, pain_where="grip"),
        ],
    )
    stopped = workout.exercises.get(position=2)
    assert (stopped.pain, stopped.pain_where, stopped.sets.count()) == (6, "grip", 0)
    assert workout.exercises.with_pain_threshold().get(pk=stopped.pk).painful


def test_an_id_another_client_used_is_refused(athlete, day):
    taken = WorkoutFactory()
    with pytest.raises(ValidationError) as refused:
        log(athlete, day, uid=taken.uid)
    assert refused.value.messages == [ID_TAKEN]
    assert Workout.objects.count() == 1


def test_an_exercise_of_another_day_is_refused(athlete, day):
    stray = PrescriptionFactory(day__program__client=athlete)
    with pytest.raises(ValidationError) as refused:
        log(
            athlete,
            day,
            exercises=[ExerciseDone(prescription=stray, sets=[SetDone(reps=5)])],
        )
    assert NOT_THIS_DAY.format(day="Day A") in refused.value.messages
    assert not Workout.objects.exists()


def test_a_day_or_session_of_another_client_is_refused(athlete, day):
    other = ClientWithLoginFactory(trainer=athlete.trainer)
    with pytest.raises(ValidationError) as refused:
        log(other, day)
    assert refused.value.message_dict == {"day": [NOT_THIS_CLIENT]}
    with pytest.raises(ValidationError) as refused:
        log(athlete, day, session=SessionFactory(client=other))
    assert refused.value.message_dict == {"session": [NOT_THIS_CLIENT]}
    assert not Workout.objects.exists()


def test_a_session_still_ahead_is_linked_but_not_marked(athlete, day):
    ahead = SessionFactory(client=athlete)
    workout, _ = log(athlete, day, session=ahead)
    ahead.refresh_from_db()
    assert (workout.session, ahead.attendance) == (ahead, "")


@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_one_workout_at_once_store_it_once(postgres, athlete, day):
    uid = uuid.uuid4()
    results = []
    waited = race(
        lambda: results.append(log(athlete, day, uid=uid)),
        lambda: results.append(log(athlete, day, uid=uid)),
    )
    assert waited, "the second tab never waited for the first one's insert"
    assert sorted(created for _, created in results) == [False, True]
    assert Workout.objects.count() == 1
    assert WorkoutExercise.objects.count() == 2
