"""Two trainers change one assignment at the same moment: both changes are kept.

Runs on PostgreSQL only (SQLite has no row locks). The first trainer's transaction
holds the lock while the second one's progress waits for it; the test releases the
first only once PostgreSQL reports the second as waiting on a lock, so the race is
real every time, with no sleeps.
"""

import threading

import pytest
from django.db import connections, transaction

from programming.models import Assignment
from programming.services import assignment_progress, assignment_set
from tests.factories import ClientFactory, LadderFactory, TrainerFactory
from tests.locks import someone_waits_for_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_trainers_progressing_at_once_lose_no_history(postgres):
    trainer = TrainerFactory()
    other = TrainerFactory()
    ladder = LadderFactory(owner=trainer, rungs=4)
    client = ClientFactory(trainer=trainer)
    first_rung = ladder.rungs.get(position=1).variation
    assignment = assignment_set(
        client=client, variation=first_rung, ladder=ladder, changed_by=trainer
    )
    stale = Assignment.objects.get(pk=assignment.pk)  # what both screens showed

    first_done = threading.Event()
    release_first = threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic():
                assignment_progress(assignment=stale, changed_by=trainer, reason="A")
                first_done.set()
                release_first.wait(10)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            first_done.set()
        finally:
            connections.close_all()

    def second():
        try:
            first_done.wait(10)
            assignment_progress(assignment=stale, changed_by=other, reason="B")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_done.wait(10)
    waited = someone_waits_for_a_lock()
    release_first.set()
    for thread in threads:
        thread.join(20)

    assert not errors, errors
    assert waited, "the second change never waited for the first one's lock"
    assignment.refresh_from_db()
    assert assignment.variation == ladder.rungs.get(position=3).variation
    history = list(
        assignment.changes.order_by("pk").values_list(
            "from_position", "to_position", "reason", "changed_by"
        )
    )
    assert history == [
        (None, 1, "", trainer.pk),
        (1, 2, "A", trainer.pk),
        (2, 3, "B", other.pk),
    ]
