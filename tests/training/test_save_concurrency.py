"""Two clients of one trainer save a workout at the same moment: neither waits for
the other. Runs on PostgreSQL only (SQLite has no row locks); the first save holds
its transaction open until the second is done or reported waiting on a lock.

Their saves share the trainer's library (variations, ladders) and settings; rows of
them are only read or referenced, never locked for update by a save. The rows a
save writes or locks are the client's own: the workout, the client's revision, and
(since the rules moved to a task) no suggestion at all."""

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from programming.models import Ladder, Pattern
from programming.services import (
    assignment_set,
    day_add,
    prescription_add,
    program_activate,
    program_create,
)
from tests.factories import ClientWithLoginFactory, TrainerFactory
from tests.locks import race
from training.models import Workout
from training.services import ExerciseDone, SetDone, workout_log

pytestmark = [pytest.mark.django_db(transaction=True)]


def _client_on_the_ladder(trainer, rung):
    client = ClientWithLoginFactory(trainer=trainer)
    assignment_set(client=client, variation=rung, changed_by=trainer)
    program = program_create(trainer=trainer, client=client, name="Base")
    day = day_add(program=program, name="Day A")
    prescription_add(
        day=day, variation=rung, sets=3, reps=8, load=Decimal(20), follows_ladder=True
    )
    program_activate(program=program)
    return client, day


def _save(client, day):
    def save():
        workout_log(
            client=client,
            day=day,
            performed_on=timezone.localdate(),
            exercises=[
                ExerciseDone(
                    prescription=p,
                    sets=[SetDone(reps=8, load=Decimal(20))] * 3,
                    rpe=6,
                    pain=0,
                )
                for p in day.prescriptions.all()
            ],
            uid=uuid.uuid4(),
            logged_by=client.user,
        )

    return save


def test_two_clients_saving_at_once_never_wait_for_each_other(postgres, library):
    trainer = TrainerFactory()
    rung = Ladder.objects.get(owner=None, pattern=Pattern.HINGE).rungs.get(position=3)
    alex, alex_day = _client_on_the_ladder(trainer, rung.variation)
    sam, sam_day = _client_on_the_ladder(trainer, rung.variation)
    # Each has logged before, so that each save has a suggestion to refresh.
    _save(alex, alex_day)()
    _save(sam, sam_day)()

    waited = race(_save(alex, alex_day), _save(sam, sam_day))

    assert not waited, "one client's save waited for the other's lock"
    assert Workout.objects.count() == 4
