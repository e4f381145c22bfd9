"""The files of a client's export that a person reads, beside the raw tables: their
workouts (a row a set, with the exercise's name and the date) and their assignments
(each pattern's rung by name, then every move on the ladder), as CSV a spreadsheet
opens."""

import csv
import io

from django.db.models import Prefetch

from clients.models import Client
from core.spreadsheets import csv_cell
from programming.models import Assignment, AssignmentChange
from programming.selectors.assignments import with_rung
from training.models import Workout, WorkoutExercise

FOLDER = "readable"
README = """{name}'s data, readable

workouts.csv     every set logged, a row each: the date, the day, the exercise by
                 name, the reps, time or distance, the load, effort (RPE 1-10), pain
                 (0-10) and the notes.
assignments.csv  where {name} stands on each pattern's ladder now (the variation
                 and its rung), with the prescription.
moves.csv        every move on a ladder: when, from which rung to which, by whom
                 and why.

The other files are the raw tables, one per kind of record, for another program.
"""

WORKOUT_COLUMNS = [
    "date",
    "day",
    "exercise",
    "pattern",
    "set",
    "reps",
    "seconds",
    "distance (m)",
    "load",
    "unit",
    "effort (RPE)",
    "pain",
    "pain where",
    "exercise note",
    "workout notes",
]
ASSIGNMENT_COLUMNS = [
    "pattern",
    "variation",
    "rung",
    "of",
    "prescription",
    "current",
    "since",
]
MOVE_COLUMNS = ["date", "pattern", "change", "from", "to", "by", "reason"]


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _workout_rows(client: Client):
    workouts = (
        Workout.objects.filter(client=client)
        .order_by("performed_on", "pk")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=WorkoutExercise.objects.select_related("variation")
                .prefetch_related("sets")
                .order_by("position"),
            )
        )
    )
    for workout in workouts:
        for exercise in workout.exercises.all():
            for workout_set in exercise.sets.all():
                yield [
                    workout.performed_on,
                    workout.day_name,
                    exercise.variation.name,
                    exercise.get_pattern_display(),
                    workout_set.position,
                    workout_set.reps,
                    workout_set.seconds,
                    workout_set.distance_m,
                    workout_set.load,
                    workout_set.load_unit if workout_set.load is not None else "",
                    exercise.rpe,
                    exercise.pain,
                    exercise.pain_where,
                    exercise.note,
                    workout.notes,
                ]


def _assignment_rows(client: Client):
    assignments = with_rung(
        Assignment.objects.filter(client=client).select_related("variation")
    ).order_by("-is_current", "pattern", "pk")
    for a in assignments:
        yield [
            a.get_pattern_display(),
            a.variation.name,
            a.rung_position or "off the ladder",
            a.ladder_length,
            a.summary,
            "yes" if a.is_current else "no",
            a.created_at.date(),
        ]


def _move_rows(client: Client):
    changes = (
        AssignmentChange.objects.filter(assignment__client=client)
        .select_related("assignment", "from_variation", "to_variation", "changed_by")
        .order_by("created_at", "pk")
    )
    for change in changes:
        yield [
            change.created_at.date(),
            change.assignment.get_pattern_display(),
            change.get_kind_display(),
            _rung(change.from_variation, change.from_position),
            _rung(change.to_variation, change.to_position),
            change.changed_by.get_full_name() if change.changed_by else "",
            change.reason,
        ]


def _rung(variation, position) -> str:
    if variation is None:
        return ""
    return f"{variation.name} (rung {position})" if position else variation.name


def readable_files(client: Client) -> dict[str, str]:
    """The readable files of ``client``'s export, by name in the archive."""
    return {
        f"{FOLDER}/README.txt": README.format(name=client.full_name),
        f"{FOLDER}/workouts.csv": _csv(WORKOUT_COLUMNS, _workout_rows(client)),
        f"{FOLDER}/assignments.csv": _csv(ASSIGNMENT_COLUMNS, _assignment_rows(client)),
        f"{FOLDER}/moves.csv": _csv(MOVE_COLUMNS, _move_rows(client)),
    }
