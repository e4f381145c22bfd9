"""Demo sessions over the coming two weeks, two of them due for a reminder within
minutes of ``make run`` so that the worker is seen sending one, and ``--sessions N``
extra sessions, all due for a reminder, for measuring the sweep."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from clients.models import Client
from scheduling.models import Session
from scheduling.services import series_schedule, session_schedule

GYM = "Main gym, 12 Barbell Lane"
EXTRA_FOCUS = "Extra session for measuring"
BULK_BATCH = 5000

# (trainer, client email, weekdays, start, minutes, focus): weekly for two weeks
SERIES = [
    ("coach@example.com", "client@example.com", [0, 3], time(7), 60, "Hinge and push"),
    ("coach@example.com", "sam.patel@example.com", [1], time(18), 45, "Squat and pull"),
    (
        "coach2@example.com",
        "client2@example.com",
        [2, 5],
        time(9),
        60,
        "Carry and lunge",
    ),
]
# (trainer, client email, from now, minutes, focus, video link): single sessions.
# Alex's is due for the 24-hour reminder at once; Sam's a few minutes later.
SINGLES = [
    ("coach@example.com", "client@example.com", timedelta(hours=23), 60, "Hinge", ""),
    (
        "coach@example.com",
        "sam.patel@example.com",
        timedelta(hours=24, minutes=5),
        45,
        "Pull",
        "",
    ),
    (
        "coach@example.com",
        "jordan.lee@example.com",
        timedelta(days=3),
        30,
        "Check-in",
        "https://meet.example.com/jordan-lee",
    ),
    (
        "coach@example.com",
        "riley.chen@example.com",
        timedelta(hours=3),
        60,
        "Assessment",
        "",
    ),
    (
        "coach2@example.com",
        "taylor.kim@example.com",
        timedelta(days=2),
        60,
        "Assessment",
        "",
    ),
]


def _quarter_after(moment: datetime, zone: str) -> datetime:
    """The first quarter hour at or after ``moment``, on ``zone``'s clock. Counted
    in UTC, whose quarters are every zone's (offsets are whole quarters), so that
    it is a time the clock shows even the night it goes forward."""
    instant = moment.astimezone(UTC).replace(second=0, microsecond=0)
    quarter = instant + timedelta(minutes=-instant.minute % 15)
    return quarter.astimezone(zoneinfo.ZoneInfo(zone))


def seed(*, options: dict, log) -> None:
    now = timezone.now()
    clients = {
        (c.trainer.email, c.email): c
        for c in Client.objects.select_related("trainer").filter(
            trainer__email__in=["coach@example.com", "coach2@example.com"]
        )
    }
    busy = set(
        Session.objects.upcoming(now)
        .filter(client__in=clients.values())
        .values_list("client_id", flat=True)
    )
    seeded = set()
    # A client's single session has its day to itself: their weekly series starts
    # the day after it, so nobody has two sessions on one morning.
    single_day = {
        (trainer_email, email): _quarter_after(
            now + ahead, clients[(trainer_email, email)].trainer.time_zone
        ).date()
        for trainer_email, email, ahead, *_ in SINGLES
    }
    for trainer_email, email, weekdays, start, minutes, focus in SERIES:
        client = clients[(trainer_email, email)]
        if client.pk in busy:
            continue
        first_day = _quarter_after(now, client.trainer.time_zone).date() + timedelta(
            days=1
        )
        if (trainer_email, email) in single_day:
            first_day = max(
                first_day, single_day[(trainer_email, email)] + timedelta(days=1)
            )
        series_schedule(
            client=client,
            first_day=first_day,
            weekdays=weekdays,
            weeks=2,
            start_time=start,
            duration=timedelta(minutes=minutes),
            location=GYM,
            focus=focus,
            allow_overlap=True,
            now=now,
        )
        seeded.add(client.pk)
    for trainer_email, email, ahead, minutes, focus, video in SINGLES:
        client = clients[(trainer_email, email)]
        if client.pk in busy:
            continue
        trainer = client.trainer
        starts = _quarter_after(now + ahead, trainer.time_zone)
        session_schedule(
            client=client,
            day=starts.date(),
            start_time=starts.time(),
            duration=timedelta(minutes=minutes),
            location="" if video else GYM,
            video_url=video,
            focus=focus,
            allow_overlap=True,
            now=now,
        )
        seeded.add(client.pk)
    if seeded:
        log(f"Sessions: the next two weeks for {len(seeded)} demo clients")

    extra = options.get("sessions") or 0
    if extra:
        created = seed_extra(count=extra, clients=list(clients.values()), now=now)
        log(f"Extra sessions: {created} created, {extra} due for a reminder")


def seed_extra(*, count: int, clients: list[Client], now: datetime) -> int:
    """Make ``count`` extra sessions exist, all due for their 24-hour reminder:
    they start between 2 and 22 hours from ``now``. Returns how many it created."""
    have = Session.objects.upcoming(now).filter(focus=EXTRA_FOCUS).count()
    missing = count - have
    with_email = [c for c in clients if c.email and c.is_active]
    if missing <= 0 or not with_email:
        return 0
    step = timedelta(hours=20) / missing
    first = now + timedelta(hours=2)
    for start in range(0, missing, BULK_BATCH):
        sessions = []
        for n in range(start, min(start + BULK_BATCH, missing)):
            client = with_email[n % len(with_email)]
            session = Session(
                client=client,
                time_zone=client.trainer.time_zone,
                location=GYM,
                focus=EXTRA_FOCUS,
            )
            starts_at = first + step * n
            session.set_times(
                starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
            )
            sessions.append(session)
        Session.objects.bulk_create(sessions)
    return missing
