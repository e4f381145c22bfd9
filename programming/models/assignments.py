"""Where each client stands on each pattern, and how they got there."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from programming.models.library import Ladder, Pattern, Variation
from programming.models.prescription import (
    PrescriptionFields,
    prescription_constraints,
)


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def for_client(self, client):
        return self.filter(client=client)


class Assignment(PrescriptionFields, TimeStampedModel):
    """The variation a client is on now for one pattern, with its prescription.

    The row is changed in place as the client moves up and down the ladder; every
    change writes an ``AssignmentChange``. An assignment that is no longer current
    (the pattern was dropped) stays for the record.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="assignments"
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    variation = models.ForeignKey(
        Variation, on_delete=models.PROTECT, related_name="assignments"
    )
    ladder = models.ForeignKey(
        Ladder,
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text="The ladder the client moves up and down on for this pattern.",
    )
    is_current = models.BooleanField(default=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["client", "pattern"]
        constraints = [
            *prescription_constraints(),
            models.UniqueConstraint(
                fields=["client", "pattern"],
                condition=Q(is_current=True),
                name="assignment_one_current_per_client_and_pattern",
                violation_error_message="This client already has a current "
                "assignment on this pattern.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_pattern_display()} {self.variation}"


class AssignmentChange(TimeStampedModel):
    """One change of an assignment: who, when, from which variation to which, why.

    Rung positions are copied at the time of the change, because ladders are edited
    later."""

    class Kind(models.TextChoices):
        SET = "set", "Set"
        PROGRESS = "progress", "Progressed"
        REGRESS = "regress", "Regressed"
        PRESCRIPTION = "prescription", "Prescription changed"

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_variation = models.ForeignKey(
        Variation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_variation = models.ForeignKey(
        Variation, on_delete=models.PROTECT, related_name="+"
    )
    from_position = models.PositiveSmallIntegerField(null=True, blank=True)
    to_position = models.PositiveSmallIntegerField(null=True, blank=True)
    ladder_length = models.PositiveSmallIntegerField(null=True, blank=True)
    prescription = models.CharField(
        max_length=200, blank=True, help_text="The prescription after the change."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=500, blank=True)
    programs = models.CharField(
        "in the programs",
        max_length=500,
        blank=True,
        help_text="What the change did to the exercises that follow the ladder: "
        '"Day A: 4 × 6 @ 40 kg → 3 × 8".',
    )
    told_client = models.BooleanField(
        "told the client",
        default=False,
        help_text="A move to another variation, or a new load: shown on the "
        "client's program and emailed to them.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["assignment", "-created_at"], name="assignmentchange_recent"
            )
        ]

    def __str__(self) -> str:
        origin = self.from_variation or "nothing"
        return f"{self.get_kind_display()}: {origin} → {self.to_variation}"
