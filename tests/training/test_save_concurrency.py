"""Two clients of one trainer save a workout at the same moment: neither waits for
the other. Runs on PostgreSQL only (SQLite has no row locks)."""

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


def _post(client, day):
    from django.test import Client as Browser
    from django.urls import reverse

    def post():
        browser = Browser()
        browser.force_login(client.user)
        data = {
            "uid": str(uuid.uuid4()),
            "performed_on": timezone.localdate(),
            "notes": "",
        }
        for i, p in enumerate(day.prescriptions.order_by("position")):
            for j in range(p.sets):
                data[f"e{i}-s{j}-done"] = "on"
                data[f"e{i}-s{j}-amount"] = "8"
                data[f"e{i}-s{j}-load"] = "20"
            data[f"e{i}-rpe"] = "6"
            data[f"e{i}-pain"] = "7"
        r = browser.post(reverse("training:my_day_log", kwargs={"pk": day.pk}), data)
        assert r.status_code == 302, r.content

    return post


def test_two_clients_posting_at_once(postgres, library):
    trainer = TrainerFactory()
    rung = Ladder.objects.get(owner=None, pattern=Pattern.HINGE).rungs.get(position=3)
    alex, alex_day = _client_on_the_ladder(trainer, rung.variation)
    sam, sam_day = _client_on_the_ladder(trainer, rung.variation)
    _post(alex, alex_day)()
    _post(sam, sam_day)()
    waited = race(_post(alex, alex_day), _post(sam, sam_day))
    assert not waited
