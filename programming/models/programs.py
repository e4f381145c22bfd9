"""Programs: a client's training days, each an ordered list of prescriptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from core.models import TimeStampedModel
from programming.models.library import Variation
from programming.models.prescription import (
    PrescriptionFields,
    prescription_constraints,
)


class ProgramQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        """The trainer's programs and templates. A client's program belongs to the
        client's trainer, so reassigning the client moves it."""
        return self.filter(Program.owned_by(trainer))

    def templates(self):
        return self.filter(client__isnull=True)

    def active(self):
        return self.filter(is_active=True)


class Program(TimeStampedModel):
    """A client's program, or a trainer's template (no client) to start from. A
    client's program belongs to the client's trainer; only a template has an owner.
    A client has at most one active program; earlier ones stay for the record."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_templates",
        help_text="The trainer whose template this is. Empty for a client's program.",
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="programs",
        help_text="Empty for a template.",
    )
    name = models.CharField(max_length=120)
    notes = models.TextField(blank=True, max_length=2000)
    ends_on = models.DateField(
        "ends on",
        null=True,
        blank=True,
        help_text="When this block ends: the dashboard says so a week before.",
    )
    is_active = models.BooleanField(default=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(is_active=True),
                name="program_one_active_per_client",
                violation_error_message="This client already has an active program.",
            ),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(client__isnull=False),
                name="program_template_is_never_active",
            ),
            models.CheckConstraint(
                condition=Q(client__isnull=True, owner__isnull=False)
                | Q(client__isnull=False, owner__isnull=True),
                name="program_owner_only_on_templates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programming:program_detail", kwargs={"pk": self.pk})

    @staticmethod
    def owned_by(trainer, *, via: str = "") -> Q:
        """The condition "belongs to ``trainer``", for a filter on Program or, with
        ``via`` (e.g. ``"day__program__"``), on a model that leads to it."""
        return Q(**{f"{via}client__trainer": trainer}) | Q(
            **{f"{via}client__isnull": True, f"{via}owner": trainer}
        )

    @property
    def is_template(self) -> bool:
        return self.client_id is None

    @property
    def trainer(self):
        """The trainer the program belongs to: the client's, or the template's
        owner."""
        return self.owner if self.is_template else self.client.trainer

    @property
    def trainer_id(self) -> int:
        return self.owner_id if self.is_template else self.client.trainer_id


class TrainingDay(TimeStampedModel):
    """One day of a program ("Day A"), in its place among the program's days."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="days")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    notes = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="trainingday_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="trainingday_position_from_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def exercises(self) -> list["Prescription"]:
        """The day's exercises in order, each with its ``label`` ("A", "B1", "B2")."""
        return label_exercises(self.prescriptions.all())


class PrescriptionQuerySet(models.QuerySet):
    def following(self, *, client_id: int, pattern: str):
        """The exercises of the client's programs that follow the client's rung on
        ``pattern``."""
        return self.filter(
            follows_ladder=True,
            day__program__client_id=client_id,
            variation__pattern=pattern,
        )


class Prescription(PrescriptionFields, TimeStampedModel):
    """One exercise of a training day: a variation and what to do with it.

    An exercise that follows the ladder holds the client's current rung on its
    variation's pattern: the assignment services rewrite ``variation`` whenever the
    rung changes, so every reader just reads it. A pinned exercise keeps the
    variation the trainer chose."""

    day = models.ForeignKey(
        TrainingDay, on_delete=models.CASCADE, related_name="prescriptions"
    )
    position = models.PositiveSmallIntegerField()
    variation = models.ForeignKey(
        Variation, on_delete=models.PROTECT, related_name="prescriptions"
    )
    follows_ladder = models.BooleanField(
        "follows the ladder",
        default=False,
        help_text="The variation is always the client's current rung on its "
        "pattern; otherwise it is pinned.",
    )
    superset = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Neighbouring exercises of a day with the same number are done "
        "back to back, as a superset (A1, A2). Empty: on its own.",
    )

    objects = PrescriptionQuerySet.as_manager()

    class Meta:
        ordering = ["day", "position"]
        constraints = [
            *prescription_constraints(),
            models.UniqueConstraint(
                fields=["day", "position"], name="prescription_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="prescription_position_from_one"
            ),
            models.CheckConstraint(
                condition=Q(superset__isnull=True) | Q(superset__gte=1),
                name="prescription_superset_from_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variation}: {self.summary}"


def _letters(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def label_exercises(prescriptions) -> list[Prescription]:
    """Set ``label`` on each of a day's exercises, in order: a letter per exercise,
    or per superset with a number per exercise in it ("A", "B1", "B2", "C"); and
    ``above``, the exercise before it."""
    exercises = list(prescriptions)
    for above, exercise in zip([None, *exercises], exercises, strict=False):
        exercise.above = above
    blocks: list[list[Prescription]] = []
    for exercise in exercises:
        if (
            blocks
            and exercise.superset
            and blocks[-1][-1].superset == exercise.superset
        ):
            blocks[-1].append(exercise)
        else:
            blocks.append([exercise])
    for index, block in enumerate(blocks):
        letter = _letters(index)
        for number, exercise in enumerate(block, start=1):
            exercise.label = f"{letter}{number}" if len(block) > 1 else letter
            exercise.in_superset = len(block) > 1
            exercise.joined_above = number > 1
    return exercises
