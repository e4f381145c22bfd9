"""Health screening, waiver and consent: what a client answers and signs before
training starts, and the switch and overrides of the gate that enforces it.

Everything here belongs to a client (``client`` foreign keys): ownership is decided
through the client, so reassigning a client moves their answers and signatures with
them, and deleting a client deletes them.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel

# A screening is good for this long; then the client answers again.
VALID_DAYS = 365
PUBLISHED_IS_FINAL = "A published version cannot change: write a new version instead."
QUESTIONS_SHAPE = (
    "Each question needs a key and a text; follow-ups are a list of such questions."
)


class GateSwitch(TimeStampedModel):
    """The owner's switch for the training gate: one row (pk 1). With no row the
    gate is on, as on a new install; the migration that brought the gate to an
    install that already had clients wrote the row switched off."""

    is_on = models.BooleanField(
        "gate on",
        default=True,
        help_text="While on, no training starts for a client until they are cleared "
        "by their screening and have signed the current waiver (or their trainer "
        "overrides with a reason).",
    )

    class Meta:
        verbose_name = "training gate"
        verbose_name_plural = "training gate"

    def __str__(self) -> str:
        return "The training gate is on" if self.is_on else "The training gate is off"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class Questionnaire(TimeStampedModel):
    """One version of the screening's questions, as the owner wrote them (or the
    defaults). ``questions`` is a list of general questions, each
    ``{"key", "text", "asks_where", "followups": [{"key", "text"}]}``; ``temporary``
    lists the questions that say to wait or to ask (``{"key", "text", "advice",
    "outcome": "wait" | "ask"}``). Published versions never change."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    based_on = models.TextField(
        "based on", max_length=2000, help_text="What these questions are based on."
    )
    questions = models.JSONField(default=list)
    temporary = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def clean(self) -> None:
        super().clean()
        if self.pk and self.published_at:
            before = Questionnaire.objects.filter(pk=self.pk).first()
            if before and before.published_at and _changed(before, self):
                raise ValidationError(PUBLISHED_IS_FINAL)
        if not _well_formed(self.questions) or not isinstance(self.temporary, list):
            raise ValidationError({"questions": QUESTIONS_SHAPE})
        for item in self.temporary:
            if (
                not isinstance(item, dict)
                or not item.get("key")
                or not item.get("text")
            ):
                raise ValidationError({"temporary": QUESTIONS_SHAPE})


def _changed(before, after) -> bool:
    fields = ("title", "based_on", "questions", "temporary", "body", "kind", "version")
    return any(
        getattr(before, name, None) != getattr(after, name, None) for name in fields
    )


def _well_formed(questions) -> bool:
    if not isinstance(questions, list) or not questions:
        return False
    keys = set()
    for question in questions:
        if not isinstance(question, dict):
            return False
        followups = question.get("followups", [])
        if not isinstance(followups, list):
            return False
        for item in [question, *followups]:
            if (
                not isinstance(item, dict)
                or not item.get("key")
                or not item.get("text")
            ):
                return False
            if item["key"] in keys:
                return False
            keys.add(item["key"])
    return True


class ScreeningQuerySet(models.QuerySet):
    def on_file(self, today):
        """Screenings that count: not ended, not lapsed."""
        return self.filter(ended_at__isnull=True, valid_until__gte=today)


class Screening(TimeStampedModel):
    """A client's answers to one questionnaire version, and their outcome."""

    class Outcome(models.TextChoices):
        CLEARED = "cleared", "Cleared"
        CONDITIONS = "conditions", "Cleared with conditions"
        NEEDS_CLEARANCE = "clearance", "Needs clearance"
        WAIT = "wait", "Wait until well"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="screenings"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="screenings"
    )
    answers = models.JSONField(
        default=dict, help_text="Question key to yes (true) or no (false)."
    )
    where = models.CharField(
        "where", max_length=200, blank=True, help_text="Bone, joint or soft tissue."
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    conditions = models.TextField(max_length=4000, blank=True)
    valid_until = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The professional's clearance, recorded by the trainer.
    cleared_by = models.CharField(
        "cleared by", max_length=200, blank=True, help_text="Who cleared the client."
    )
    cleared_on = models.DateField("cleared on", null=True, blank=True)
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_type = models.CharField(max_length=40, blank=True, editable=False)
    clearance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    clearance_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "ended_at", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_outcome_display()}"

    @property
    def is_cleared(self) -> bool:
        """Whether training may start on this screening."""
        if self.outcome in (self.Outcome.CLEARED, self.Outcome.CONDITIONS):
            return True
        return self.outcome == self.Outcome.NEEDS_CLEARANCE and bool(
            self.clearance_recorded_at
        )

    @property
    def caution_area(self) -> str:
        """The area of a yes about bones, joints or soft tissue, for the caution."""
        return self.where


class Wording(TimeStampedModel):
    """One version of a text the client agrees to: the waiver, or the consent to
    keep health data. Published versions never change; the newest published one of
    each kind is current."""

    class Kind(models.TextChoices):
        WAIVER = "waiver", "Waiver"
        CONSENT = "consent", "Consent to keep health data"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=50000)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], name="screening_wording_one_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def clean(self) -> None:
        super().clean()
        if self.pk:
            before = Wording.objects.filter(pk=self.pk).first()
            if before and before.published_at and _changed(before, self):
                raise ValidationError(PUBLISHED_IS_FINAL)

    @property
    def sha256(self) -> str:
        return text_sha256(self.body)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Signature(TimeStampedModel):
    """A client's signature of one waiver version: the exact text's hash, who typed
    which name, when (UTC), from where."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="signatures"
    )
    wording = models.ForeignKey(
        Wording, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_name = models.CharField("typed name", max_length=200)
    guardian_name = models.CharField("parent or guardian", max_length=200, blank=True)
    text_sha256 = models.CharField("SHA-256 of the text", max_length=64)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "wording"],
                name="screening_signature_once",
                violation_error_message="This waiver is already signed.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.wording}"

    def get_absolute_url(self) -> str:
        return reverse("screening:signature", args=[self.pk])


class ConsentQuerySet(models.QuerySet):
    def given(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(TimeStampedModel):
    """A client's explicit consent to keep their health data, with the wording's
    version; withdrawn consents are kept as a record of the withdrawal."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="consents"
    )
    wording = models.ForeignKey(
        Wording, on_delete=models.PROTECT, related_name="consents"
    )
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(withdrawn_at__isnull=True),
                name="screening_consent_one_given",
            )
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.client}: consent {state}"


class Override(TimeStampedModel):
    """A trainer's decision to let training start before the screening or the
    waiver is on file, with the reason; it stands until the trainer ends it."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="gate_overrides"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(ended_at__isnull=True),
                name="screening_override_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: override ({self.reason})"
