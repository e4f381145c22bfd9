"""Workouts: what a client did on one day, each exercise's sets with the effort (RPE
1-10) and any pain (0-10) that came with it."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import number_format

from core.models import TimeStampedModel
from programming.models import MAX_LOAD, LoadUnit, Pattern
from training.progression import hurts

MAX_REPS = 200
MAX_SECONDS = 60 * 60
MAX_DISTANCE_M = 10_000
NO_PAIN_THRESHOLD = (
    "Whether pain is flagged depends on the client's trainer's threshold: read the "
    "rows with_pain_threshold()."
)


def pain_threshold_of(trainer: str) -> Coalesce:
    """The pain threshold of the trainer at the path ``trainer`` from the rows
    queried, joined in the same query: their setting, else its default."""
    default = CoachSettings._meta.get_field("pain_threshold").default
    return Coalesce(F(f"{trainer}__coach_settings__pain_threshold"), Value(default))


def _painful(pain: int | None, row: models.Model) -> bool:
    threshold = row.__dict__.get("pain_threshold")
    if threshold is None:
        raise AttributeError(NO_PAIN_THRESHOLD)
    return hurts(pain, threshold)


class WorkoutQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        """Workouts of the trainer's clients: a workout belongs to its client's
        trainer."""
        return self.filter(client__trainer=trainer)

    def with_pain_threshold(self):
        """Each with ``most_pain``, the most pain reported on its exercises, and
        its client's trainer's ``pain_threshold``, which ``painful`` reads."""
        return self.annotate(
            most_pain=Max("exercises__pain"),
            pain_threshold=pain_threshold_of("client__trainer"),
        )


class Workout(TimeStampedModel):
    """One training day done by a client, logged by the client (on their phone, even
    offline) or by the trainer during a session."""

    uid = models.UUIDField(
        "id made on the phone",
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Made where the workout is logged, so that sending it twice "
        "stores it once.",
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="workouts"
    )
    day = models.ForeignKey(
        "programming.TrainingDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workouts",
    )
    day_name = models.CharField(
        max_length=60, help_text="The training day's name when it was done."
    )
    session = models.OneToOneField(
        "scheduling.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workout",
    )
    performed_on = models.DateField("date")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(blank=True, max_length=2000)
    judged_at = models.DateTimeField(
        "suggestions made",
        null=True,
        blank=True,
        editable=False,
        help_text="When the rules looked at it for suggestions; empty until then "
        "(a task does it a moment after the save, a sweep catches any missed).",
    )

    objects = WorkoutQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_on", "-pk"]
        indexes = [
            models.Index(fields=["client", "-performed_on", "-id"]),
            models.Index(
                fields=["created_at"],
                condition=Q(judged_at__isnull=True),
                name="workout_not_judged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day_name} · {self.performed_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("training:my_workout", kwargs={"pk": self.pk})

    @property
    def painful(self) -> bool:
        """Pain on one of its exercises at or above the client's trainer's
        threshold (read ``with_pain_threshold()``)."""
        return _painful(self.__dict__.get("most_pain"), self)


class WorkoutExerciseQuerySet(models.QuerySet):
    def with_pain_threshold(self):
        """Each with its client's trainer's ``pain_threshold``, which ``painful``
        reads."""
        return self.annotate(
            pain_threshold=pain_threshold_of("workout__client__trainer")
        )


class WorkoutExercise(TimeStampedModel):
    """One exercise of a workout: the variation done, the target it had, and how it
    went."""

    workout = models.ForeignKey(
        Workout, on_delete=models.CASCADE, related_name="exercises"
    )
    position = models.PositiveSmallIntegerField()
    prescription = models.ForeignKey(
        "programming.Prescription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    variation = models.ForeignKey(
        "programming.Variation", on_delete=models.PROTECT, related_name="+"
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    target = models.CharField(
        max_length=200, help_text="The prescription when it was done: 4 × 6 @ 40 kg."
    )
    rpe = models.PositiveSmallIntegerField(
        "effort (RPE)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    pain_where = models.CharField("where", max_length=100, blank=True)
    note = models.CharField(max_length=500, blank=True)

    objects = WorkoutExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["workout", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workout", "position"], name="workoutexercise_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=1, rpe__lte=10),
                name="workoutexercise_rpe_range",
            ),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10),
                name="workoutexercise_pain_range",
            ),
        ]
        indexes = [models.Index(fields=["pattern", "workout"])]

    def __str__(self) -> str:
        return f"{self.variation} · {self.workout}"

    @property
    def painful(self) -> bool:
        """Pain at or above the client's trainer's threshold (read
        ``with_pain_threshold()``): worth the trainer's attention."""
        return _painful(self.pain, self)


class WorkoutSet(TimeStampedModel):
    """One set done: reps (or a time, or a distance), with the load lifted."""

    exercise = models.ForeignKey(
        WorkoutExercise, on_delete=models.CASCADE, related_name="sets"
    )
    position = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_REPS)]
    )
    seconds = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_SECONDS)]
    )
    distance_m = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_DISTANCE_M)]
    )
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    load_unit = models.CharField(
        max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG
    )

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "position"], name="workoutset_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__lte=MAX_REPS),
                name="workoutset_reps_range",
            ),
            models.CheckConstraint(
                condition=Q(load__isnull=True)
                | Q(load__gte=0, load_unit="kg", load__lte=MAX_LOAD[LoadUnit.KG])
                | Q(load__gte=0, load_unit="lb", load__lte=MAX_LOAD[LoadUnit.LB]),
                name="workoutset_load_range",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=False)
                | Q(seconds__isnull=False)
                | Q(distance_m__isnull=False),
                name="workoutset_has_a_measure",
            ),
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        """ "8 @ 40 kg", "45 s", "20 m @ 24 kg"."""
        if self.reps is not None:
            done = str(self.reps)
        elif self.seconds is not None:
            done = f"{self.seconds} s"
        else:
            done = f"{self.distance_m} m"
        if self.load:
            done += f" @ {number_format(self.load.normalize())} {self.load_unit}"
        return done


class CoachSettings(TimeStampedModel):
    """A trainer's settings for the training loop."""

    trainer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_settings",
    )
    # The one default of the threshold: every page and rule that judges pain reads
    # the client's trainer's setting (pain_threshold_of), this until they change it.
    pain_threshold = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Pain at or above this (1 to 10) suggests going back a rung.",
    )
    quiet_days = models.PositiveSmallIntegerField(
        "days without a workout",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="A client with no workout for this many days needs attention.",
    )

    class Meta:
        verbose_name_plural = "coach settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_threshold__gte=1, pain_threshold__lte=10),
                name="coachsettings_pain_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(quiet_days__gte=1, quiet_days__lte=60),
                name="coachsettings_quiet_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Settings of {self.trainer}"


class SuggestionQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(client__trainer=trainer)

    def pending(self):
        return self.filter(status=Suggestion.Status.PENDING)


class Suggestion(TimeStampedModel):
    """A move on a ladder (or a load step) that a client's workouts suggest, with its
    reason, for the trainer to accept or dismiss."""

    class Kind(models.TextChoices):
        REGRESS = "regress", "Back down"
        PROGRESS = "progress", "Up a rung"
        LOAD = "load", "More load"
        FLAG = "flag", "Pain to address"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"
        REPLACED = "replaced", "Replaced by a newer one"
        SUPERSEDED = "superseded", "No longer fits: the client moved"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="suggestions"
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    assignment = models.ForeignKey(
        "programming.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The assignment it was made for.",
    )
    from_variation = models.ForeignKey(
        "programming.Variation", on_delete=models.PROTECT, related_name="+"
    )
    to_variation = models.ForeignKey(
        "programming.Variation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    load = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    load_unit = models.CharField(
        max_length=2, choices=LoadUnit.choices, default=LoadUnit.KG
    )
    reason = models.CharField(max_length=300)
    rule = models.CharField(max_length=20)
    flagged = models.BooleanField(default=False)
    based_on = models.JSONField(
        default=list, blank=True, help_text="The dates of the workouts it comes from."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("why dismissed", max_length=300, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "pattern"],
                condition=Q(status="pending"),
                name="suggestion_one_pending_per_pattern",
            ),
        ]
        indexes = [models.Index(fields=["status", "client"])]

    def __str__(self) -> str:
        return f"{self.get_pattern_display()}: {self.get_kind_display()}"

    @property
    def move(self) -> str:
        """What accepting it does, in a few words: "Barbell RDL → Kettlebell RDL"."""
        if self.kind == self.Kind.LOAD:
            load = number_format((self.load or Decimal(0)).normalize())
            return f"{self.from_variation} at {load} {self.load_unit}"
        if self.to_variation_id:
            return f"{self.from_variation} → {self.to_variation}"
        return str(self.from_variation)
