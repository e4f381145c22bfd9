"""Demo assessments: every demo client is assessed once, client@example.com twice (a
first screen and a re-assessment, to compare). A client with no assignments yet is
started on the recommended rungs, so the history shows where they came from.
Idempotent: a client who already has an assessment is left alone."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Assessment, Protocol
from assessments.services import (
    RungChoice,
    assessment_accept,
    assessment_record,
    assessment_start,
)
from clients.models import Client
from programming.models import Assignment

FULL = "Full movement screen"
HINGE = "Hinge screen"

# A new lifter who wants strength: the dowel tells the story.
BEGINNER = {
    "training_age": "none",
    "goal": "strength",
    "overhead_reach": False,
    "hinge_dowel": "upper_back",
    "toe_touch": Decimal(18),
    "aslr": 60,
    "hinge_quality": 1,
    "hinge_pain": 0,
    "back_injury": "none",
    "squat_quality": 2,
    "knee_to_wall": Decimal("6.5"),
    "squat_pain": 0,
    "pushup_reps": 3,
    "push_pain": 0,
    "row_quality": 2,
    "dead_hang": 12,
    "pull_pain": 0,
    "split_squat_quality": 2,
    "balance": 20,
    "knee_injury": False,
    "lunge_pain": 0,
    "carry_quality": 2,
    "carry_pain": 0,
}
# The same client ten weeks on.
BEGINNER_LATER = BEGINNER | {
    "training_age": "under_1",
    "overhead_reach": True,
    "hinge_dowel": "kept",
    "toe_touch": Decimal(6),
    "aslr": 72,
    "hinge_quality": 3,
    "squat_quality": 3,
    "knee_to_wall": Decimal(9),
    "pushup_reps": 12,
    "row_quality": 3,
    "dead_hang": 35,
    "split_squat_quality": 3,
    "balance": 40,
    "carry_quality": 3,
}
ATHLETE = BEGINNER_LATER | {
    "training_age": "1_3",
    "aslr": 80,
    "toe_touch": Decimal(0),
    "pushup_reps": 25,
    "dead_hang": 60,
    "balance": 60,
}

# client email -> [(protocol, results by test key, weeks ago, notes)], oldest first
ASSESSMENTS = {
    "client@example.com": [
        (FULL, BEGINNER, 10, "First screen. Keen, new to the gym."),
        (FULL, BEGINNER_LATER, 1, "Re-assessment after ten weeks of foundations."),
    ],
    "sam.patel@example.com": [
        (
            HINGE,
            BEGINNER | {"goal": "everyday", "hinge_pain": 3, "hinge_quality": 2},
            2,
            "Low back aches when bending; wants to lift the grandchildren.",
        ),
    ],
    "jordan.lee@example.com": [(FULL, ATHLETE | {"goal": "power"}, 4, "")],
    "riley.chen@example.com": [
        (
            HINGE,
            ATHLETE | {"goal": "muscle", "back_injury": "past"},
            3,
            "Disc irritation two years ago, symptom-free since.",
        ),
    ],
    "client2@example.com": [(FULL, BEGINNER_LATER | {"goal": "muscle"}, 5, "")],
    "taylor.kim@example.com": [
        (FULL, BEGINNER_LATER | {"knee_injury": True, "goal": "everyday"}, 3, "")
    ],
    "morgan.diaz@example.com": [(FULL, ATHLETE | {"goal": "strength"}, 1, "")],
}


def seed(*, options: dict, log) -> None:
    protocols = {
        p.name: p for p in Protocol.objects.builtin().prefetch_related("tests")
    }
    clients = Client.objects.filter(email__in=ASSESSMENTS).select_related("trainer")
    assessed = set(
        Assessment.objects.filter(client__in=clients).values_list("client", flat=True)
    )
    today = timezone.localdate()
    made = 0
    for client in clients:
        if client.pk in assessed:
            continue
        latest = None
        for protocol_name, values, weeks_ago, notes in ASSESSMENTS[client.email]:
            protocol = protocols[protocol_name]
            latest = assessment_start(
                trainer=client.trainer,
                client=client,
                protocol=protocol,
                assessed_on=today - timedelta(weeks=weeks_ago),
            )
            by_key = {t.key: t.pk for t in protocol.tests.all()}
            assessment_record(
                assessment=latest,
                results={by_key[k]: v for k, v in values.items() if k in by_key},
                summary=notes,
                finish=True,
            )
            made += 1
        if not Assignment.objects.current().filter(client=client).exists():
            latest.refresh_from_db()
            assessment_accept(
                assessment=latest,
                trainer=client.trainer,
                choices=[RungChoice(pattern) for pattern in latest.recommendations],
            )
    log(f"Assessments: {made} new, client@example.com has a re-assessment")
