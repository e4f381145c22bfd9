"""Races two PostgreSQL transactions for real, with no sleeps: the first holds its
locks until PostgreSQL reports the second as waiting on one."""

import threading
import time
from collections.abc import Callable

from django.db import connection, connections, transaction


def someone_waits_for_a_lock(timeout: float = 10.0) -> bool:
    """True as soon as PostgreSQL reports a session of this database waiting on a
    lock; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def race(first: Callable[[], object], second: Callable[[], object]) -> bool:
    """Run ``first`` in a transaction on one thread and, once it is done but not yet
    committed, ``second`` on another; commit ``first`` only when ``second`` waits
    for a lock (or after 10 s). Returns whether ``second`` waited; raises what
    either raised."""
    first_done = threading.Event()
    release_first = threading.Event()
    errors: list[BaseException] = []

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_done.set()
                release_first.wait(10)
        except BaseException as exc:  # re-raised by the calling thread
            errors.append(exc)
            first_done.set()
        finally:
            connections.close_all()

    def run_second():
        try:
            first_done.wait(10)
            second()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    first_done.wait(10)
    waited = someone_waits_for_a_lock()
    release_first.set()
    for thread in threads:
        thread.join(20)
    if errors:
        raise errors[0]
    return waited
