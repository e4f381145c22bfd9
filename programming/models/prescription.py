"""What a client does with a variation: sets, reps (or time, or distance for carries),
load, tempo, rest and notes. Shared by assignments and a program's prescriptions."""

from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format

MAX_SETS = 100
MAX_REPS = 100
MAX_SECONDS = 60 * 60
MAX_DISTANCE_M = 1000
MAX_REST_SECONDS = 30 * 60
MIN_LOAD = Decimal("0.01")
MAX_LOAD = {"kg": Decimal(1000), "lb": Decimal(2200)}

NEEDS_A_MEASURE = "Give reps, a time or a distance."
LOAD_TOO_HEAVY = "No more than {limit} {unit}."


class PrescriptionData(TypedDict, total=False):
    """The prescription fields, as services take them."""

    sets: int
    reps: int | None
    seconds: int | None
    distance_m: int | None
    load: Decimal | None
    load_unit: str
    tempo: str
    rest_seconds: int | None
    notes: str


PRESCRIPTION_FIELDS = list(PrescriptionData.__annotations__)


class LoadUnit(models.TextChoices):
    KG = "kg", "kg"
    LB = "lb", "lb"


def prescription_constraints() -> list[models.BaseConstraint]:
    """The invariants of every prescription, named per concrete model."""
    prefix = "%(app_label)s_%(class)s_"
    load_limits = Q()
    for unit, limit in MAX_LOAD.items():
        load_limits |= Q(load_unit=unit, load__lte=limit)
    return [
        models.CheckConstraint(
            condition=Q(sets__gte=1, sets__lte=MAX_SETS), name=prefix + "sets_range"
        ),
        models.CheckConstraint(
            condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=MAX_REPS),
            name=prefix + "reps_range",
        ),
        models.CheckConstraint(
            condition=Q(seconds__isnull=True)
            | Q(seconds__gte=1, seconds__lte=MAX_SECONDS),
            name=prefix + "seconds_range",
        ),
        models.CheckConstraint(
            condition=Q(distance_m__isnull=True)
            | Q(distance_m__gte=1, distance_m__lte=MAX_DISTANCE_M),
            name=prefix + "distance_range",
        ),
        models.CheckConstraint(
            condition=Q(rest_seconds__isnull=True)
            | Q(rest_seconds__lte=MAX_REST_SECONDS),
            name=prefix + "rest_range",
        ),
        models.CheckConstraint(
            condition=Q(load__isnull=True) | (Q(load__gte=MIN_LOAD) & load_limits),
            name=prefix + "load_range",
        ),
        models.CheckConstraint(
            condition=Q(reps__isnull=False)
            | Q(seconds__isnull=False)
            | Q(distance_m__isnull=False),
            name=prefix + "has_a_measure",
            violation_error_message=NEEDS_A_MEASURE,
        ),
    ]


class PrescriptionFields(models.Model):
    """Sets of reps, or of a time, or of a distance, with an optional load."""

    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_SETS)]
    )
    reps = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPS)],
    )
    seconds = models.PositiveIntegerField(
        "time (seconds)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SECONDS)],
        help_text="For holds and timed carries.",
    )
    distance_m = models.PositiveIntegerField(
        "distance (metres)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_M)],
        help_text="For carries.",
    )
    load = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_LOAD)],
        help_text="Leave empty for bodyweight.",
    )
    load_unit = models.CharField(
        "unit", max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG
    )
    tempo = models.CharField(
        max_length=20, blank=True, help_text="For example 3-1-1-0: down, pause, up."
    )
    rest_seconds = models.PositiveSmallIntegerField(
        "rest (seconds)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_REST_SECONDS)],
    )
    notes = models.TextField(blank=True, max_length=1000)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.reps is None and self.seconds is None and self.distance_m is None:
            raise ValidationError({"reps": NEEDS_A_MEASURE})
        limit = MAX_LOAD.get(self.load_unit)
        if self.load is not None and limit is not None and self.load > limit:
            raise ValidationError(
                {"load": LOAD_TOO_HEAVY.format(limit=limit, unit=self.load_unit)}
            )

    @property
    def dose(self) -> str:
        """Sets by reps (or by time, or by distance): "3 × 8", "4 × 20 m"."""  # noqa: RUF002
        if self.reps is not None:
            each = str(self.reps)
        elif self.seconds is not None:
            each = f"{self.seconds} s"
        elif self.distance_m is not None:
            each = f"{self.distance_m} m"
        else:
            each = "?"
        return f"{self.sets} × {each}"

    @property
    def load_display(self) -> str:
        if self.load is None:
            return ""
        return f"{number_format(self.load.normalize())} {self.load_unit}"

    @property
    def summary(self) -> str:
        """The whole prescription on one line, without the notes."""
        parts = [self.dose + (f" @ {self.load_display}" if self.load_display else "")]
        if self.tempo:
            parts.append(f"tempo {self.tempo}")
        if self.rest_seconds is not None:
            parts.append(f"rest {self.rest_seconds} s")
        return ", ".join(parts)
