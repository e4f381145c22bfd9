"""Bookers racing for a trainer's slots, each in a thread with its own database
connection: shared by the PostgreSQL race test and the SQLite one (run in a process
of its own on a file database, ``python -m tests.booking.racing PATH``)."""

import json
import random
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


@dataclass
class Outcome:
    won: int = 0
    told: int = 0  # refused with SLOT_TAKEN and the next free slots offered
    other: list = field(default_factory=list)


def setup_trainer():
    """A London trainer with a 30-minute consultation every half hour, 9:00 to
    17:00 each day: returns the type and its first 50 free slots."""
    from booking.models import SessionType
    from booking.selectors import slots_free
    from booking.services import session_type_save, weekly_hours_add
    from tests.factories import TrainerFactory

    trainer = TrainerFactory(time_zone="Europe/London")
    for weekday in range(7):
        weekly_hours_add(
            trainer=trainer, weekday=weekday, starts=time(9), ends=time(17)
        )
    session_type = session_type_save(
        session_type=SessionType(
            trainer=trainer,
            name="Consultation",
            kind="consultation",
            minutes=30,
            buffer_after=0,
            step=30,
            notice_hours=1,
            horizon_days=60,
        )
    )
    slots = slots_free(
        session_type=session_type,
        first_day=NOW.date(),
        last_day=NOW.date() + timedelta(days=4),
        now=NOW,
    )
    return session_type, [slot.starts_at for slot in slots[:50]]


def race(
    session_type, slots, *, bookers: int, attempts: int, seed: int = 29
) -> Outcome:
    """``attempts`` holds, spread over ``bookers`` threads started together, each at
    a random one of ``slots``, each by another email."""
    from django.db import connection

    from booking.services import SLOT_TAKEN, SlotTaken, booking_hold

    outcome = Outcome()
    lock = threading.Lock()
    start = threading.Barrier(bookers)
    rng = random.Random(seed)
    plan = [
        [rng.choice(slots) for _ in range(attempts // bookers)] for _ in range(bookers)
    ]

    def book(number: int):
        try:
            start.wait()
            for n, at in enumerate(plan[number]):
                try:
                    booking_hold(
                        session_type=session_type,
                        starts_at=at,
                        first_name="Racer",
                        email=f"r{number}-{n}@example.com",
                        goals="Win",
                        consent=True,
                        now=NOW,
                    )
                    with lock:
                        outcome.won += 1
                except SlotTaken as taken:
                    told = taken.messages == [SLOT_TAKEN] and bool(taken.offered)
                    with lock:
                        if told:
                            outcome.told += 1
                        else:
                            outcome.other.append(repr(taken))
                except Exception as exc:  # counted: the test fails on any
                    with lock:
                        outcome.other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(bookers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return outcome


def doubles() -> int:
    """Bookings sharing time with another live booking of the same trainer."""
    from booking.models import Booking

    rows = list(
        Booking.objects.live(NOW).values_list(
            "trainer_id", "blocked_from", "blocked_until"
        )
    )
    overlapping = sum(
        1
        for i, (t1, a1, b1) in enumerate(rows)
        for t2, a2, b2 in rows[i + 1 :]
        if t1 == t2 and a1 < b2 and a2 < b1
    )
    return overlapping


def main(path: str, bookers: int, attempts: int) -> None:
    import os

    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "trainer.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from booking.models import Booking

    session_type, slots = setup_trainer()
    outcome = race(session_type, slots, bookers=bookers, attempts=attempts)
    print(
        json.dumps(
            {
                "won": outcome.won,
                "told": outcome.told,
                "other": outcome.other[:5],
                "bookings": Booking.objects.count(),
                "slots": len(slots),
                "doubles": doubles(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
