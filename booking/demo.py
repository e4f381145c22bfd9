"""Demo availability: each demo trainer can be booked on weekday mornings and
evenings and Saturday mornings, for a free 30-minute consultation (visitors book it
from the home page) and for 60-minute training sessions. Idempotent: a trainer who
already has session types is left as they are."""

from datetime import time

from accounts.models import User
from booking.models import SessionType
from booking.services import session_type_save, weekly_hours_add

HOURS = [
    *[(day, time(7), time(12)) for day in range(5)],
    *[(day, time(16), time(19)) for day in range(5)],
    (5, time(8), time(12)),
]


def seed(*, options: dict, log) -> None:
    trainers = User.objects.filter(
        role=User.Role.TRAINER, email__endswith="@example.com"
    ).exclude(session_types__isnull=False)
    for trainer in trainers:
        session_type_save(
            session_type=SessionType(
                trainer=trainer,
                name="Consultation and assessment",
                kind=SessionType.Kind.CONSULTATION,
                minutes=30,
                buffer_after=15,
                notice_hours=12,
            )
        )
        session_type_save(
            session_type=SessionType(
                trainer=trainer,
                name="Training session",
                kind=SessionType.Kind.TRAINING,
                minutes=60,
                step=60,
                notice_hours=2,
                needs_credit=True,
            )
        )
        for weekday, starts, ends in HOURS:
            weekly_hours_add(trainer=trainer, weekday=weekday, starts=starts, ends=ends)
        log(f"Availability: {trainer.email}, weekdays 7–12 and 16–19, Saturday 8–12")
