"""Demo workouts: eight weeks of a program for each demo client who has one, two days
a week, with a session now and then, a few of them missed, and the latest hinge that
hurt. Written straight to the tables, dated in the past, so that every page has a
history to show; then the rules look at it, as after any workout, so the dashboard
has suggestions to show."""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from clients.models import Client
from programming.models import Pattern, Program
from scheduling.models import Session
from training.models import Workout, WorkoutExercise, WorkoutSet
from training.services import suggestions_refresh

WEEKS = 8
WEEKDAYS = (0, 3)  # Monday and Thursday
MISSED_WEEKS = {2, 5}  # the Thursday sessions of these weeks were missed
PAIN = (6, "lower back")  # once: the latest hinge


def seed(*, options: dict, log) -> None:
    clients = (
        Client.objects.filter(programs__is_active=True)
        .filter(Q(email="client@example.com") | Q(email="client2@example.com"))
        .exclude(workouts__isnull=False)
        .distinct()
    )
    done = 0
    for client in clients:
        program = Program.objects.prefetch_related(
            "days__prescriptions__variation"
        ).get(client=client, is_active=True)
        _seed_history(client, program)
        latest_hinge = (
            WorkoutExercise.objects.filter(
                workout__client=client, pattern=Pattern.HINGE
            )
            .order_by("-workout__performed_on", "-workout_id")
            .first()
        )
        if latest_hinge is not None:
            latest_hinge.pain, latest_hinge.pain_where = PAIN
            latest_hinge.save(update_fields=["pain", "pain_where"])
        suggestions_refresh(client=client, patterns=list(Pattern))
        # Judged just now: the sweep has nothing to take up.
        client.workouts.update(judged_at=timezone.now())
        done += 1
    if done:
        log(f"Training: {WEEKS} weeks of workouts for {done} demo clients")


def _seed_history(client: Client, program: Program) -> None:
    days = [day for day in program.days.all() if day.prescriptions.all()]
    if not days:
        return
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=WEEKS)
    # The program has been running for the whole history.
    Program.objects.filter(pk=program.pk).update(
        created_at=timezone.make_aware(datetime.combine(first, time(8)))
    )
    zone = timezone.get_current_timezone()
    n = 0
    for week in range(WEEKS):
        for weekday in WEEKDAYS:
            on = first + timedelta(weeks=week, days=weekday)
            starts_at = datetime.combine(on, time(7), tzinfo=zone)
            missed = weekday == WEEKDAYS[-1] and week in MISSED_WEEKS
            session = _past_session(client, starts_at, missed=missed)
            if missed:
                continue
            _workout(client, days[n % len(days)], on=on, session=session, progress=week)
            n += 1


def _past_session(client: Client, starts_at: datetime, *, missed: bool) -> Session:
    session = Session(
        client=client,
        time_zone=str(timezone.get_current_timezone()),
        location="The gym",
        attendance=Session.Attendance.MISSED if missed else Session.Attendance.ATTENDED,
    )
    session.set_times(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    # Long past: no reminder is due, and none was sent.
    session.save()
    return session


def _workout(client, day, *, on, session, progress: int) -> None:
    workout = Workout.objects.create(
        uid=uuid.uuid4(),
        client=client,
        day=day,
        day_name=day.name,
        session=session,
        performed_on=on,
        logged_by=client.user,
    )
    for position, prescription in enumerate(day.prescriptions.all(), start=1):
        exercise = WorkoutExercise.objects.create(
            workout=workout,
            position=position,
            prescription=prescription,
            variation=prescription.variation,
            pattern=prescription.variation.pattern,
            target=prescription.summary[:200],
            rpe=min(9, 6 + progress % 3),
            pain=0,
        )
        load = prescription.load
        if load is not None:
            # A little lighter in the first weeks, building up to the target.
            load = max(Decimal(0), load - Decimal(WEEKS - 1 - progress))
        WorkoutSet.objects.bulk_create(
            WorkoutSet(
                exercise=exercise,
                position=n,
                reps=prescription.reps,
                seconds=prescription.seconds,
                distance_m=prescription.distance_m,
                load=load or None,
                load_unit=prescription.load_unit,
            )
            for n in range(1, prescription.sets + 1)
        )
