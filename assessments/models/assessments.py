"""Assessments: one sitting's results on a protocol's tests, and the starting rungs
the trainer set from them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from assessments.models.screens import (
    NUMBER_DIGITS,
    NUMBER_PLACES,
    Protocol,
    ScreenTest,
)
from core.models import TimeStampedModel
from programming.models import Ladder, Pattern, Variation


class AssessmentQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(client__trainer=trainer)

    def done(self):
        return self.filter(status=Assessment.Status.DONE)


class Assessment(TimeStampedModel):
    """One sitting in which a trainer records a client's results on a protocol's
    tests. A draft can be saved and finished later; a finished assessment keeps the
    recommendation it gave, so later changes to the rules do not rewrite it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        DONE = "done", "Finished"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="assessments"
    )
    protocol = models.ForeignKey(
        Protocol, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_on = models.DateField("date")
    status = models.CharField(
        max_length=5, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(blank=True, max_length=2000)
    finished_at = models.DateTimeField(null=True, blank=True)
    recommendations = models.JSONField(
        default=dict,
        blank=True,
        help_text="The recommendation per pattern, kept when the assessment is "
        "finished.",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", finished_at__isnull=True)
                | Q(status="done", finished_at__isnull=False),
                name="assessment_finished_when_done",
            ),
        ]
        indexes = [
            models.Index(
                fields=["client", "-assessed_on", "-id"], name="assessment_recent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.protocol} of {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Result(TimeStampedModel):
    """One test's result in an assessment. The value sits in the column for its
    kind: ``number`` (numbers, quality, pain), ``flag`` (pass/fail, yes/no) or
    ``choice``."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results"
    )
    test = models.ForeignKey(
        ScreenTest, on_delete=models.PROTECT, related_name="results"
    )
    number = models.DecimalField(
        max_digits=NUMBER_DIGITS, decimal_places=NUMBER_PLACES, null=True, blank=True
    )
    flag = models.BooleanField(null=True, blank=True)
    choice = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "test"], name="result_one_per_test"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=False, flag__isnull=True, choice="")
                | Q(number__isnull=True, flag__isnull=False, choice="")
                | (Q(number__isnull=True, flag__isnull=True) & ~Q(choice="")),
                name="result_has_exactly_one_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test}: {self.display}"

    @property
    def value(self):
        """The value in the type its test's kind uses: bool, int, Decimal or str."""
        if self.flag is not None:
            return self.flag
        if self.choice:
            return self.choice
        if self.test.kind in ScreenTest.FIXED_RANGE:
            return int(self.number)
        return self.number

    @property
    def display(self) -> str:
        return self.test.show(self.value)

    @staticmethod
    def columns_for(test: ScreenTest, value) -> dict:
        """The column values that store ``value`` (already cleaned) for ``test``."""
        if test.kind in (ScreenTest.Kind.PASS_FAIL, ScreenTest.Kind.YES_NO):
            return {"number": None, "flag": value, "choice": ""}
        if test.kind == ScreenTest.Kind.CHOICE:
            return {"number": None, "flag": None, "choice": value}
        return {"number": Decimal(value), "flag": None, "choice": ""}


class StartDecision(TimeStampedModel):
    """Where the trainer started the client on one pattern after an assessment:
    the recommended rung, or another one with a reason (an override)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="decisions"
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    variation = models.ForeignKey(Variation, on_delete=models.PROTECT, related_name="+")
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(help_text="The rung on ``ladder``.")
    is_override = models.BooleanField(default=False)
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why the trainer chose another rung."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "pattern"], name="startdecision_one_per_pattern"
            ),
            models.CheckConstraint(
                condition=Q(is_override=False) | ~Q(reason=""),
                name="startdecision_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_pattern_display()}: {self.variation}"
