"""Helpers for tests that race two PostgreSQL transactions."""

import time

from django.db import connection


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
