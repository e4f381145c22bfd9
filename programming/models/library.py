"""The movement library: patterns, variations and the ladders that order them.

Built-in rows have no owner and ship with the app (a data migration); a trainer's own
rows carry their ``owner`` and are private to that trainer.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from core.models import TimeStampedModel

MAX_CUES = 12
MAX_CUE_LENGTH = 120
MAX_RUNGS = 30


class Pattern(models.TextChoices):
    """The six foundational movement patterns, in the coach's order."""

    HINGE = "hinge", "Hinge"
    SQUAT = "squat", "Squat"
    PUSH = "push", "Push"
    PULL = "pull", "Pull"
    LUNGE = "lunge", "Lunge"
    CARRY = "carry", "Carry"


def validate_cues(value) -> None:
    """Cues are an ordered list of short, non-empty lines."""
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ValidationError("Cues must be a list of short lines.")
    if len(value) > MAX_CUES:
        raise ValidationError(f"Keep it to {MAX_CUES} cues or fewer.")
    for cue in value:
        if not cue.strip():
            raise ValidationError("A cue cannot be empty.")
        if len(cue) > MAX_CUE_LENGTH:
            raise ValidationError(
                f"Keep each cue under {MAX_CUE_LENGTH} characters: “{cue[:30]}…”"
            )


class OwnedQuerySet(models.QuerySet):
    """Rows that are either built in (no owner) or belong to one trainer."""

    def builtin(self):
        return self.filter(owner__isnull=True)

    def owned_by(self, trainer):
        return self.filter(owner=trainer)

    def visible_to(self, trainer):
        return self.filter(Q(owner__isnull=True) | Q(owner=trainer))

    def for_pattern(self, pattern: str):
        return self.filter(pattern=pattern)

    def in_pattern_order(self):
        """Hinge, squat, push, pull, lunge, carry (the coach's order), then by name."""
        order = models.Case(
            *(models.When(pattern=p, then=i) for i, p in enumerate(Pattern.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name", "pk")

    def search(self, text: str):
        query = Q()
        for word in text.split()[:5]:
            query &= Q(name__icontains=word)
        return self.filter(query)


class Variation(TimeStampedModel):
    """One exercise that trains a pattern, with its equipment and coaching cues."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variations",
        help_text="The trainer whose private variation this is; empty when built in.",
    )
    name = models.CharField(max_length=120)
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    equipment = models.CharField(max_length=120, blank=True)
    cues = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_cues],
        help_text="Short coaching cues, in the order they are taught.",
    )
    description = models.TextField(blank=True, max_length=5000)
    video_url = models.URLField(
        "video link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    from_floor = models.BooleanField(
        "loaded from the floor",
        default=False,
        help_text="The load starts on the ground (not everyone should end here).",
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["pattern", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="variation_name_unique_per_owner",
                violation_error_message="You already have a variation with this name.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(owner__isnull=True),
                name="variation_name_unique_builtin",
                violation_error_message="A built-in variation has this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programming:variation_detail", kwargs={"pk": self.pk})

    @property
    def floor_badge(self) -> bool:
        """Whether to badge it "from the floor": loaded from the floor, and its name
        does not already say so ("deadlift from the floor", "from the ground")."""
        name = self.name.lower()
        return self.from_floor and not any(
            words in name for words in ("from the floor", "from the ground")
        )

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class Ladder(TimeStampedModel):
    """The ordered variations of one pattern, easiest first. A trainer's default
    ladder for a pattern replaces the built-in one for their clients."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ladders",
    )
    pattern = models.CharField(max_length=10, choices=Pattern.choices)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    is_default = models.BooleanField(
        "used for my clients",
        default=False,
        help_text="New assignments on this pattern move on this ladder.",
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["pattern", "owner_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pattern"],
                condition=Q(owner__isnull=True),
                name="ladder_one_builtin_per_pattern",
            ),
            models.UniqueConstraint(
                fields=["owner", "pattern"],
                condition=Q(is_default=True),
                name="ladder_one_default_per_owner_and_pattern",
            ),
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="ladder_name_unique_per_owner",
                violation_error_message="You already have a ladder with this name.",
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(owner__isnull=False),
                name="ladder_builtin_is_never_a_trainer_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programming:ladder_detail", kwargs={"pk": self.pk})

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class Rung(TimeStampedModel):
    """One step on a ladder: the variation at ``position`` (1 is the easiest)."""

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="rungs")
    position = models.PositiveSmallIntegerField()
    variation = models.ForeignKey(
        Variation, on_delete=models.PROTECT, related_name="rungs"
    )

    class Meta:
        ordering = ["ladder", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "position"], name="rung_unique_position"
            ),
            models.UniqueConstraint(
                fields=["ladder", "variation"],
                name="rung_unique_variation",
                violation_error_message="This variation is already on the ladder.",
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="rung_position_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ladder} {self.position}: {self.variation}"
