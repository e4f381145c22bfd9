"""Two trainers change one assignment at the same moment: both changes are kept.

Runs on PostgreSQL only (SQLite has no row locks). The first trainer's transaction
holds the lock while the second one's progress waits for it; the test releases the
first only once PostgreSQL reports the second as waiting on a lock, so the race is
real every time, with no sleeps.
"""

import pytest

from programming.models import Assignment
from programming.services import assignment_progress, assignment_set
from tests.factories import ClientFactory, LadderFactory, TrainerFactory
from tests.locks import race

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

    waited = race(
        lambda: assignment_progress(assignment=stale, changed_by=trainer, reason="A"),
        lambda: assignment_progress(assignment=stale, changed_by=other, reason="B"),
    )

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
