"""Demo programming: the demo clients on several patterns with a few progressions
behind them, an active program for each client with a login, a template, a trainer's
own variation and ladder; ``--clients N`` extra clients get an assignment on every
pattern. Idempotent: a client who already has assignments or programs is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from clients.models import Client
from programming.models import (
    Assignment,
    AssignmentChange,
    Ladder,
    Pattern,
    Program,
    Variation,
)
from programming.services import (
    assignment_progress,
    assignment_regress,
    assignment_set,
    day_add,
    ladder_copy,
    ladder_rung_insert,
    prescription_add,
    program_activate,
    program_create,
    variation_create,
)

BULK_BATCH = 1000

# client email -> {pattern: (starting rung, [(step, reason, weeks ago)], dose)}
JOURNEYS = {
    "client@example.com": {
        Pattern.HINGE: (
            1,
            [
                (+1, "Hinge pattern solid with the dowel rod", 6),
                (+1, "RDL crisp at 16 kg for 3 × 10", 4),
                (+1, "Ready for the bar: elevated pulls look strong", 2),
            ],
            {"sets": 4, "reps": 6, "load": 40, "tempo": "3-1-1", "rest_seconds": 120},
        ),
        Pattern.SQUAT: (
            2,
            [(+1, "Depth is there, sits to the box with control", 5), (+1, "", 3)],
            {"sets": 3, "reps": 8, "load": 20, "rest_seconds": 90},
        ),
        Pattern.PUSH: (
            1,
            [(+1, "10 clean incline push-ups", 3)],
            {"sets": 3, "reps": 8, "rest_seconds": 60},
        ),
        Pattern.PULL: (2, [], {"sets": 3, "reps": 10, "load": 12}),
        Pattern.CARRY: (
            1,
            [(+1, "", 4)],
            {"sets": 4, "distance_m": 30, "load": 16},
        ),
    },
    "sam.patel@example.com": {
        Pattern.HINGE: (1, [], {"sets": 3, "reps": 10}),
        Pattern.SQUAT: (1, [], {"sets": 3, "reps": 10}),
        Pattern.PUSH: (1, [], {"sets": 3, "reps": 8}),
    },
    "jordan.lee@example.com": {
        Pattern.HINGE: (
            5,
            [(+1, "Strong from the floor with the bells", 3)],
            {"sets": 5, "reps": 5, "load": 80},
        ),
        Pattern.SQUAT: (6, [(+1, "", 2)], {"sets": 5, "reps": 5, "load": 70}),
        Pattern.PULL: (5, [(+1, "Ready to leave the machine", 2)], {"reps": 5}),
        Pattern.LUNGE: (4, [], {"sets": 3, "reps": 10}),
    },
    "riley.chen@example.com": {
        Pattern.HINGE: (
            3,
            [(-1, "Low back tight after the elevated pull: back to the RDL", 1)],
            {"sets": 3, "reps": 10, "load": 12},
        ),
        Pattern.SQUAT: (3, [], {"sets": 3, "reps": 10, "load": 12}),
    },
    "client2@example.com": {
        Pattern.HINGE: (
            2,
            [(+1, "Pull-through nailed: hips drive, no low back", 3)],
            {"sets": 3, "reps": 10, "load": 25},
        ),
        Pattern.SQUAT: (3, [], {"sets": 3, "reps": 10, "load": 12}),
        Pattern.PUSH: (2, [], {"sets": 3, "reps": 6}),
        Pattern.CARRY: (2, [], {"sets": 3, "distance_m": 40, "load": 20}),
    },
    "taylor.kim@example.com": {
        Pattern.HINGE: (1, [], {"sets": 3, "reps": 10}),
        Pattern.LUNGE: (1, [], {"sets": 2, "reps": 8}),
    },
}

# client email -> (program name, [(day name, [(pattern, rung, dose)])])
PROGRAMS = {
    "client@example.com": (
        "Foundations, block 2",
        [
            (
                "Day A: hinge and push",
                [
                    (Pattern.HINGE, None, None),
                    (Pattern.PUSH, None, None),
                    (Pattern.PULL, None, None),
                    (Pattern.CARRY, None, None),
                ],
            ),
            (
                "Day B: squat and lunge",
                [
                    (Pattern.SQUAT, None, None),
                    (Pattern.LUNGE, 2, {"sets": 3, "reps": 8}),
                    (Pattern.PULL, 3, {"sets": 3, "reps": 10, "load": 14}),
                    (Pattern.CARRY, 3, {"sets": 3, "distance_m": 20, "load": 16}),
                ],
            ),
        ],
    ),
    "client2@example.com": (
        "Getting started",
        [
            (
                "Full body",
                [
                    (Pattern.HINGE, None, None),
                    (Pattern.SQUAT, None, None),
                    (Pattern.PUSH, None, None),
                    (Pattern.CARRY, None, None),
                ],
            ),
        ],
    ),
}

TEMPLATE = (
    "Two days a week: foundations",
    [
        (
            "Day A",
            [
                (Pattern.HINGE, 1, {"sets": 3, "reps": 10}),
                (Pattern.PUSH, 1, {"sets": 3, "reps": 8}),
                (Pattern.CARRY, 1, {"sets": 3, "distance_m": 20, "load": 12}),
            ],
        ),
        (
            "Day B",
            [
                (Pattern.SQUAT, 1, {"sets": 3, "reps": 10}),
                (Pattern.PULL, 1, {"sets": 3, "reps": 10}),
                (Pattern.LUNGE, 1, {"sets": 2, "reps": 8}),
            ],
        ),
    ],
)

EXTRA_RUNG = {Pattern.CARRY: {"sets": 3, "distance_m": 20}}


def seed(*, options: dict, log) -> None:
    coach = User.objects.filter(email="coach@example.com").first()
    coach2 = User.objects.filter(email="coach2@example.com").first()
    if coach is None or coach2 is None:
        return
    _seed_library(coach=coach, coach2=coach2)
    clients = {c.email: c for c in Client.objects.filter(email__in=JOURNEYS)}
    for email, journey in JOURNEYS.items():
        if email in clients:
            _seed_journey(clients[email], journey)
    for email, (name, days) in PROGRAMS.items():
        client = clients.get(email)
        if client and not client.programs.exists():
            program = program_create(trainer=client.trainer, client=client, name=name)
            _seed_days(program, days)
            program_activate(program=program)
    if not Program.objects.filter(owner=coach, client=None).exists():
        template = program_create(trainer=coach, name=TEMPLATE[0])
        _seed_days(template, TEMPLATE[1])
    log("Programming: assignments with history, programs and a template")
    if options.get("clients"):
        count = _seed_extra_clients()
        log(f"Programming: {count} assignments for the extra clients")


def _seed_library(*, coach: User, coach2: User) -> None:
    """coach2 adds a variation of their own and a hinge ladder that uses it."""
    if Variation.objects.filter(owner=coach2).exists():
        return
    pull_through = variation_create(
        owner=coach2,
        name="Cable pull-through",
        pattern=Pattern.HINGE,
        equipment="Cable with a rope",
        cues=[
            "Start standing tall, facing away from the cable",
            "Butt back toward the cable",
            "Chest up",
            "Drive the hips through and squeeze the glutes",
        ],
        description="A hinge with the load pulling the hips back: a gentle bridge "
        "from the dowel rod to loaded RDLs.",
    )
    ladder = ladder_copy(
        ladder=Ladder.objects.get(owner=None, pattern=Pattern.HINGE), owner=coach2
    )
    ladder.name = "Hip hinge, with the pull-through"
    ladder.save(update_fields=["name"])
    ladder_rung_insert(ladder=ladder, variation=pull_through, position=2)
    variation_create(
        owner=coach,
        name="Kettlebell swing",
        pattern=Pattern.HINGE,
        equipment="Kettlebell",
        cues=[
            "Hike the bell back: butt back",
            "Snap the hips",
            "Stand tall at the top",
        ],
        description="A powerful hinge, for clients who own the RDL.",
    )


def _rung_variation(trainer: User, pattern: str, position: int) -> Variation:
    ladder = Ladder.objects.filter(
        owner=trainer, pattern=pattern, is_default=True
    ).first() or Ladder.objects.get(owner=None, pattern=pattern)
    return ladder.rungs.get(position=position).variation


def _seed_journey(client: Client, journey: dict) -> None:
    if client.assignments.exists():
        return
    now = timezone.now()
    for pattern, (start, steps, dose) in journey.items():
        assignment = assignment_set(
            client=client,
            variation=_rung_variation(client.trainer, pattern, start),
            changed_by=client.trainer,
            reason="Initial assessment",
            **{k: v for k, v in dose.items() if k != "load"},
        )
        weeks = [8, *(weeks_ago for _, _, weeks_ago in steps)]
        for step, reason, _ in steps:
            move = assignment_progress if step > 0 else assignment_regress
            move(assignment=assignment, changed_by=client.trainer, reason=reason)
        if "load" in dose:
            assignment_set(
                client=client,
                variation=Assignment.objects.get(pk=assignment.pk).variation,
                changed_by=client.trainer,
                **dose,
            )
        # Spread the history over the past weeks, as it happened.
        changes = list(assignment.changes.order_by("pk"))
        for change, weeks_ago in zip(changes, [*weeks, weeks[-1]], strict=False):
            AssignmentChange.objects.filter(pk=change.pk).update(
                created_at=now - timedelta(weeks=weeks_ago, hours=len(changes))
            )


def _seed_days(program: Program, days: list) -> None:
    client = program.client
    for day_name, exercises in days:
        day = day_add(program=program, name=day_name)
        for pattern, rung, dose in exercises:
            if rung is None:
                current = Assignment.objects.get(
                    client=client, pattern=pattern, is_current=True
                )
                variation = current.variation
                dose = {
                    name: getattr(current, name)
                    for name in ("sets", "reps", "seconds", "distance_m", "load")
                }
                dose["tempo"] = current.tempo
                dose["rest_seconds"] = current.rest_seconds
            else:
                variation = _rung_variation(program.trainer, pattern, rung)
            prescription_add(day=day, variation=variation, **dose)


def _seed_extra_clients() -> int:
    """Every extra client (``--clients N``) on the first rungs of all six patterns,
    in bulk: the dashboard at size."""
    ladders = {
        ladder.pattern: ladder
        for ladder in Ladder.objects.filter(owner=None).prefetch_related("rungs")
    }
    clients = Client.objects.filter(
        email__contains="-client-", assignments__isnull=True
    )
    new = []
    for client in clients.iterator():
        for index, pattern in enumerate(Pattern):
            rungs = list(ladders[pattern].rungs.all())
            rung = rungs[(client.pk + index) % min(len(rungs), 6)]
            dose = EXTRA_RUNG.get(pattern, {"sets": 3, "reps": 8})
            new.append(
                Assignment(
                    client=client,
                    pattern=pattern,
                    variation_id=rung.variation_id,
                    ladder=ladders[pattern],
                    **dose,
                )
            )
    Assignment.objects.bulk_create(new, batch_size=BULK_BATCH)
    return len(new)
