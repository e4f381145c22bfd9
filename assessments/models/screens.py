"""Tests and protocols (ordered lists of tests): what a movement screen is made of.

Built-in tests and protocols have no owner and ship with the app (a data migration);
a trainer's own carry their ``owner`` and are private to that trainer.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import number_format

from core.models import TimeStampedModel
from programming.models import OwnedQuerySet, Pattern

GENERAL = "general"
PATTERN_OR_GENERAL = [(GENERAL, "General"), *Pattern.choices]
MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 80
NUMBER_DIGITS = 6  # up to 99999.9
NUMBER_PLACES = 1

NOT_A_RESULT = "Not a valid answer for this test."
OUT_OF_RANGE = "Between {low} and {high}{unit}."
TOO_PRECISE = "Give at most one decimal place."
NOT_AN_OPTION = "Choose one of the listed answers."
RANGE_NEEDED = "Give the lowest and the highest valid value, the lowest first."
UNIT_NEEDED = "Choose the unit this number is measured in."
OPTIONS_NEEDED = "List at least two answers, one per line."
OPTIONS_ONLY_FOR_CHOICE = "Only a test with a list of answers has options."
TOO_MANY_OPTIONS = f"Keep it to {MAX_OPTIONS} answers or fewer."
OPTION_TOO_LONG = f"Keep each answer under {MAX_OPTION_LENGTH} characters."
OPTIONS_REPEAT = "Each answer must be different."


class ScreenTest(TimeStampedModel):
    """One test of a movement screen, tied to a pattern (or general), with the kind
    of result it takes. The kind decides which values are valid."""

    class Kind(models.TextChoices):
        PASS_FAIL = "pass_fail", "Pass or fail"
        QUALITY = "quality", "Quality score 0–3"
        NUMBER = "number", "A number with a unit"
        PAIN = "pain", "Pain 0–10"
        YES_NO = "yes_no", "Yes or no"
        CHOICE = "choice", "One answer from a list"

    class Unit(models.TextChoices):
        DEGREES = "deg", "degrees"
        CENTIMETRES = "cm", "centimetres"
        SECONDS = "s", "seconds"
        REPETITIONS = "reps", "repetitions"

    UNIT_SUFFIX = {"deg": "°", "cm": " cm", "s": " s", "reps": " reps"}
    QUALITY_WORDS = {
        0: "cannot do it",
        1: "major faults",
        2: "minor faults",
        3: "good",
    }
    FIXED_RANGE = {Kind.QUALITY: (0, 3), Kind.PAIN: (0, 10)}

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screen_tests",
        help_text="The trainer whose private test this is; empty when built in.",
    )
    key = models.SlugField(
        max_length=40,
        blank=True,
        help_text="Built-in tests only: the name the recommendation rules read.",
    )
    name = models.CharField(max_length=120)
    pattern = models.CharField(
        max_length=10, choices=PATTERN_OR_GENERAL, default=GENERAL
    )
    kind = models.CharField("result", max_length=10, choices=Kind.choices)
    unit = models.CharField(max_length=4, choices=Unit.choices, blank=True)
    min_value = models.DecimalField(
        "lowest valid value",
        max_digits=NUMBER_DIGITS,
        decimal_places=NUMBER_PLACES,
        null=True,
        blank=True,
    )
    max_value = models.DecimalField(
        "highest valid value",
        max_digits=NUMBER_DIGITS,
        decimal_places=NUMBER_PLACES,
        null=True,
        blank=True,
    )
    options = models.JSONField(
        default=list,
        blank=True,
        help_text="For a list of answers: [value, words] pairs, in order.",
    )
    instructions = models.TextField(
        blank=True, max_length=2000, help_text="How to run and score the test."
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "test"
        ordering = ["owner_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="screentest_name_unique_per_owner",
                violation_error_message="You already have a test with this name.",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(owner__isnull=True) & ~Q(key=""),
                name="screentest_key_unique_builtin",
            ),
            models.CheckConstraint(
                condition=Q(key="") | Q(owner__isnull=True),
                name="screentest_key_only_builtin",
            ),
            models.CheckConstraint(
                condition=~Q(kind="number")
                | (
                    Q(
                        min_value__isnull=False,
                        max_value__isnull=False,
                        min_value__lt=F("max_value"),
                    )
                    & ~Q(unit="")
                ),
                name="screentest_number_has_unit_and_range",
            ),
            models.CheckConstraint(
                condition=Q(kind="number")
                | Q(unit="", min_value__isnull=True, max_value__isnull=True),
                name="screentest_only_numbers_have_unit_and_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None

    @property
    def value_range(self) -> tuple[Decimal, Decimal] | None:
        if self.kind == self.Kind.NUMBER:
            return self.min_value, self.max_value
        fixed = self.FIXED_RANGE.get(self.kind)
        return (Decimal(fixed[0]), Decimal(fixed[1])) if fixed else None

    @property
    def unit_suffix(self) -> str:
        return self.UNIT_SUFFIX.get(self.unit, "")

    @property
    def answers(self) -> list[tuple]:
        """The valid answers, as (value, words) pairs, for the kinds that have them."""
        if self.kind == self.Kind.PASS_FAIL:
            return [(True, "Pass"), (False, "Fail")]
        if self.kind == self.Kind.YES_NO:
            return [(True, "Yes"), (False, "No")]
        if self.kind == self.Kind.QUALITY:
            return [(n, f"{n}: {words}") for n, words in self.QUALITY_WORDS.items()]
        if self.kind == self.Kind.PAIN:
            return [(n, str(n)) for n in range(11)]
        if self.kind == self.Kind.CHOICE:
            return [(value, words) for value, words in self.options]
        return []

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.kind == self.Kind.NUMBER:
            if (
                self.min_value is None
                or self.max_value is None
                or self.min_value >= self.max_value
            ):
                errors["max_value"] = RANGE_NEEDED
            if not self.unit:
                errors["unit"] = UNIT_NEEDED
        else:
            self.unit = ""
            self.min_value = self.max_value = None
        if self.kind == self.Kind.CHOICE:
            message = _options_problem(self.options)
            if message:
                errors["options"] = message
        elif self.options:
            errors["options"] = OPTIONS_ONLY_FOR_CHOICE
        if errors:
            raise ValidationError(errors)

    def clean_value(self, value):
        """``value`` as this test stores it, or ``ValidationError`` with a message
        for the trainer. None is not a result (the service leaves it out)."""
        if self.kind in (self.Kind.PASS_FAIL, self.Kind.YES_NO):
            if not isinstance(value, bool):
                raise ValidationError(NOT_A_RESULT)
            return value
        if self.kind == self.Kind.CHOICE:
            if value not in {v for v, _ in self.options}:
                raise ValidationError(NOT_AN_OPTION)
            return value
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValidationError(NOT_A_RESULT)
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValidationError(NOT_A_RESULT)
        low, high = self.value_range
        if not low <= number <= high:
            raise ValidationError(
                OUT_OF_RANGE.format(
                    low=_plain(low), high=_plain(high), unit=self.unit_suffix
                )
            )
        if self.kind in self.FIXED_RANGE:
            if number != number.to_integral_value():
                raise ValidationError(NOT_A_RESULT)
            return int(number)
        if number.as_tuple().exponent < -NUMBER_PLACES:
            raise ValidationError(TOO_PRECISE)
        return number

    def show(self, value) -> str:
        """A stored value in words: "55°", "4/10", "2: minor faults", "Pass"."""
        if value is None:
            return ""
        if self.kind == self.Kind.NUMBER:
            return f"{number_format(_plain(value))}{self.unit_suffix}"
        if self.kind == self.Kind.PAIN:
            return f"{value}/10"
        return dict(self.answers).get(value, str(value))


def _plain(number) -> str:
    return f"{Decimal(number).normalize():f}"


def _options_problem(options) -> str:
    if not isinstance(options, list) or len(options) < 2:
        return OPTIONS_NEEDED
    if len(options) > MAX_OPTIONS:
        return TOO_MANY_OPTIONS
    for option in options:
        if (
            not isinstance(option, list | tuple)
            or len(option) != 2
            or not all(isinstance(part, str) and part.strip() for part in option)
        ):
            return OPTIONS_NEEDED
        if len(option[1]) > MAX_OPTION_LENGTH:
            return OPTION_TOO_LONG
    values = [value for value, _ in options]
    if len(set(values)) != len(values):
        return OPTIONS_REPEAT
    return ""


class Protocol(TimeStampedModel):
    """A movement screen: an ordered list of tests, run in one sitting."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        help_text="The trainer whose private protocol this is; empty when built in.",
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    tests = models.ManyToManyField(
        ScreenTest, through="ProtocolTest", related_name="protocols"
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["owner_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="protocol_name_unique_per_owner",
                violation_error_message="You already have a protocol with this name.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(owner__isnull=True),
                name="protocol_name_unique_builtin",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessments:protocol_detail", kwargs={"pk": self.pk})

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class ProtocolTest(TimeStampedModel):
    """One test in its place in a protocol."""

    protocol = models.ForeignKey(
        Protocol, on_delete=models.CASCADE, related_name="items"
    )
    test = models.ForeignKey(ScreenTest, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["protocol", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "position"], name="protocoltest_unique_position"
            ),
            models.UniqueConstraint(
                fields=["protocol", "test"], name="protocoltest_unique_test"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="protocoltest_position_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} {self.position}: {self.test}"
