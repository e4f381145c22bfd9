"""``make bench``'s free slots: the time to compute a month of one trainer's free
slots, with 1 client and with 500 clients' sessions, in the process (no HTTP), the
median of ``RUNS`` runs, and the queries each run takes.

The trainer (Europe/London) works weekdays 07:00 to 12:00 and 16:00 to 19:00 and
Saturday mornings; each client has a weekly 60-minute session, booked as the
training type (15 minutes kept free after it), for the 60 days ahead, so the month
is a busy one (500 clients: about 2,200 sessions in it, most on top of each other),
plus a visitor's held consultation a day. The clock is pinned (``NOW``).

Alone, on a scratch database beside ``DATABASE_URL``'s (SQLite under ``var/bench/``
without one): ``.venv/bin/python -m tests.bench.slots``; the runner adds its table
to the report with ``bench_slots()``.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

SIZES = (1, 500)
RUNS = 15
NOW = datetime(2027, 1, 4, 6, tzinfo=UTC)  # a Monday, no clock change near
FIRST_DAY = date(2027, 1, 5)
DAYS = 30
HOURS = [
    *[(day, clock(7), clock(12)) for day in range(5)],
    *[(day, clock(16), clock(19)) for day in range(5)],
    (5, clock(8), clock(12)),
]
# Where each client's weekly session starts: every hour the trainer works.
STARTS = [
    (day, clock(hour))
    for day, opens, closes in HOURS
    for hour in range(opens.hour, closes.hour)
]


def _seed(trainer, training, consultation, clients: range) -> None:
    """Give clients ``clients`` (numbers) their weekly sessions, booked as
    ``training``."""
    import zoneinfo

    from booking.models import SessionBooking
    from clients.models import Client
    from scheduling.models import Session

    zone = zoneinfo.ZoneInfo(trainer.time_zone)
    made = Client.objects.bulk_create(
        Client(trainer=trainer, first_name=f"Client {n}", email=f"c{n}@example.com")
        for n in clients
    )
    sessions = []
    for n, client in zip(clients, made, strict=True):
        weekday, at = STARTS[n % len(STARTS)]
        day = NOW.date() + timedelta(days=(weekday - NOW.weekday()) % 7)
        while day <= NOW.date() + timedelta(days=60):
            starts = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
            session = Session(client=client, time_zone=trainer.time_zone)
            session.set_times(starts_at=starts, ends_at=starts + timedelta(hours=1))
            sessions.append(session)
            day += timedelta(days=7)
    Session.objects.bulk_create(sessions, batch_size=500)
    SessionBooking.objects.bulk_create(
        (
            SessionBooking(session=s, session_type=training, booked_by_client=True)
            for s in sessions
        ),
        batch_size=500,
    )


def _held_consultations(trainer, consultation) -> None:
    """A visitor's held consultation at 11:00 UTC every day of the month."""
    from booking.models import Booking

    Booking.objects.bulk_create(
        Booking(
            trainer=trainer,
            session_type=consultation,
            starts_at=at,
            ends_at=at + timedelta(minutes=30),
            blocked_from=at,
            blocked_until=at + timedelta(minutes=45),
            hold_expires_at=NOW + timedelta(days=60),
            first_name="Visitor",
            email=f"v{n}@example.com",
            goals="Bench",
            token=f"bench-{n}",
        )
        for n in range(DAYS)
        for at in [datetime.combine(FIRST_DAY + timedelta(days=n), clock(11), UTC)]
    )


def measure(*, sizes=SIZES, runs: int = RUNS) -> list[dict]:
    """In a migrated database: a month of free slots of the trainer's training type
    at each size, timed. Everything it writes is rolled back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from booking.models import SessionType, WeeklyHours
    from booking.selectors import slots_free

    rows = []

    class Done(Exception):
        pass

    try:
        with transaction.atomic():
            trainer = User.objects.create_user(
                email="bench-slots@example.com",
                role=User.Role.TRAINER,
                time_zone="Europe/London",
            )
            WeeklyHours.objects.bulk_create(
                WeeklyHours(trainer=trainer, weekday=d, starts=s, ends=e)
                for d, s, e in HOURS
            )
            training = SessionType.objects.create(
                trainer=trainer,
                name="Training",
                kind="training",
                minutes=60,
                step=30,
                buffer_after=15,
                notice_hours=2,
                horizon_days=60,
            )
            consultation = SessionType.objects.create(
                trainer=trainer, name="Consultation", kind="consultation", minutes=30
            )
            _held_consultations(trainer, consultation)
            last_day = FIRST_DAY + timedelta(days=DAYS - 1)

            def month():
                return slots_free(
                    session_type=training,
                    first_day=FIRST_DAY,
                    last_day=last_day,
                    now=NOW,
                )

            seeded = 0
            for size in sizes:
                _seed(trainer, training, consultation, range(seeded, size))
                seeded = size
                if connection.vendor == "postgresql":
                    # As autovacuum would soon after: the planner sees the rows.
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "ANALYZE clients_client, scheduling_session, "
                            "booking_sessionbooking, booking_booking"
                        )
                month()  # warm: the first run pays for imports and plans
                with CaptureQueriesContext(connection) as queries:
                    slots = month()
                timings = []
                for _ in range(runs):
                    start = time.perf_counter()
                    month()
                    timings.append((time.perf_counter() - start) * 1000)
                from scheduling.models import Session

                rows.append(
                    {
                        "clients": size,
                        "sessions": Session.objects.filter(
                            client__trainer=trainer,
                            starts_at__date__gte=FIRST_DAY,
                            starts_at__date__lte=last_day,
                        ).count(),
                        "slots": len(slots),
                        "queries": len(queries),
                        "median_ms": statistics.median(timings),
                        "runs": runs,
                    }
                )
            raise Done
    except Done:
        pass
    return rows


def section(rows: list[dict]) -> str:
    """The report's table."""
    if not rows:
        return ""
    lines = [
        "",
        "## Free slots",
        "",
        f"A month ({DAYS} days) of one trainer's free slots of a 60-minute training "
        "type, computed in the process (`booking.selectors.slots_free`), the median "
        f"of {rows[0]['runs']} runs after one to warm up; queries counted on one run.",
        "",
        "| clients | sessions in the month | free slots | queries | median |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['clients']:,} | {row['sessions']:,} | {row['slots']:,} "
            f"| {row['queries']} | {row['median_ms']:.1f} ms |"
        )
    return "\n".join(lines) + "\n"


def bench_slots() -> str:
    """For the runner: a scratch database, migrated, measured in a process of its
    own; the report's section."""
    from tests.bench.__main__ import ROOT, base_env, log, manage, scratch_database

    log("slots: a month of free slots, 1 and 500 clients")
    env = base_env(DATABASE_URL=scratch_database("slots"))
    manage("migrate", "--no-input", env=env)
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.slots", "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"slots bench failed:\n{result.stderr}")
    return section(json.loads(result.stdout))


def main() -> None:
    if "--measure" in sys.argv:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
        django.setup()
        print(json.dumps(measure()))
        return
    print(bench_slots())


if __name__ == "__main__":
    main()
