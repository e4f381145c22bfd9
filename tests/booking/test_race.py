"""Never two bookings in one slot: bookers racing for the same trainer's slots in
real concurrent transactions, on PostgreSQL and on SQLite with a file database."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from django.conf import settings

from booking.models import Booking
from booking.services import SLOT_TAKEN, SlotTaken, booking_hold
from tests.booking import racing
from tests.locks import race


def _hold(session_type, email):
    return booking_hold(
        session_type=session_type,
        starts_at=datetime(2027, 1, 5, 10, tzinfo=UTC),
        first_name="Ada",
        email=email,
        goals="Squat",
        consent=True,
        now=racing.NOW,
    )


@pytest.mark.django_db(transaction=True)
def test_the_second_booker_waits_for_the_first_and_is_told(postgres):
    session_type, _ = racing.setup_trainer()
    refused = []

    def second():
        try:
            _hold(session_type, "b@example.com")
        except SlotTaken as taken:
            refused.append(taken)

    assert race(lambda: _hold(session_type, "a@example.com"), second)
    [taken] = refused
    assert taken.messages == [SLOT_TAKEN]
    assert Booking.objects.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_1000_attempts_by_20_bookers_at_50_slots_make_50_bookings(postgres, capsys):
    session_type, slots = racing.setup_trainer()
    assert len(slots) == 50
    started = time.monotonic()
    outcome = racing.race(session_type, slots, bookers=20, attempts=1000)
    seconds = time.monotonic() - started
    assert outcome.other == []
    assert outcome.won == 50
    assert outcome.told == 950
    assert Booking.objects.count() == 50
    assert racing.doubles() == 0
    with capsys.disabled():
        print(
            f"\nPostgreSQL race: 1000 attempts, 20 bookers, 50 slots: "
            f"{outcome.won} bookings, {outcome.told} told, 0 doubles, {seconds:.1f} s"
        )


@pytest.mark.services
def test_sqlite_file_database_holds_against_threads(tmp_path):
    """In a process of its own, on a file database (an in-memory one would run the
    race one booker after another)."""
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.booking.racing",
            str(tmp_path / "race.sqlite3"),
            "8",
            "200",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["other"] == []
    assert result["won"] == result["bookings"] == 50
    assert result["told"] == 150
    assert result["doubles"] == 0
