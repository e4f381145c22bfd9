"""Two sweeps racing over the same due sessions, in real transactions on PostgreSQL:
every reminder goes out exactly once."""

import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from outbox.models import Email
from scheduling.models import Session
from scheduling.services import reminder_sweep, session_cancel
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = pytest.mark.django_db(transaction=True)


def race(sweeps: int, **kwargs) -> list:
    """Run ``sweeps`` sweeps at once, each in its own thread and connection."""
    start = threading.Barrier(sweeps)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(reminder_sweep(**kwargs))
        except Exception as exc:  # surfaced below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(sweeps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.parametrize("batch_size", [100, 2000])
def test_two_racing_sweeps_send_each_of_1000_reminders_once(
    postgres, now, mailoutbox, batch_size
):
    sessions = bulk_due_sessions(1000, now=now)
    results = race(2, now=now, batch_size=batch_size)

    assert sum(result.written for result in results) == 1000
    assert len(mailoutbox) == 1000
    keys = Counter(Email.objects.values_list("key", flat=True))
    assert len(keys) == 1000
    assert set(keys.values()) == {1}
    assert Email.objects.filter(status=Email.Status.SENT).count() == 1000
    assert not Session.objects.due_for_reminder(now).exists()
    assert Session.objects.filter(reminded_24h_sequence=0).count() == len(sessions)


def test_a_session_being_cancelled_waits_and_then_gets_no_reminder(
    postgres, now, mailoutbox
):
    session = bulk_due_sessions(1, now=now)[0]
    locked, release = threading.Event(), threading.Event()

    def cancel_slowly():
        try:
            with transaction.atomic():
                Session.objects.select_for_update().get(pk=session.pk)
                locked.set()
                release.wait(timeout=30)
                session_cancel(session=session, now=now)
        finally:
            connection.close()

    thread = threading.Thread(target=cancel_slowly)
    thread.start()
    assert locked.wait(timeout=30)
    # The sweep does not wait for the cancellation, nor remind of it meanwhile...
    assert reminder_sweep(now=now).written == 0
    release.set()
    thread.join(timeout=30)
    # ...and once it is cancelled, no reminder is due at all.
    assert reminder_sweep(now=now).written == 0
    assert mailoutbox == []
