import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.models import validate_time_zone
from core.models import CanonicalEmailField, TimeStampedModel


class ClientQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(trainer=trainer)

    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        query = Q()
        for word in text.split()[:5]:
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return self.filter(query)

    def tagged(self, tag: str):
        """Clients with the tag ``tag``, whatever its case: looked up in the index of
        the constraint that keeps a client's tags unique, on (client, lower(name))."""
        tags = ClientTag.objects.alias(folded=Lower("name")).filter(
            client=models.OuterRef("pk"), folded=tag.lower()
        )
        return self.filter(models.Exists(tags))


class Client(TimeStampedModel):
    """A person a trainer coaches. Belongs to exactly one trainer; may have a login."""

    class Reminders(models.TextChoices):
        DAY_BEFORE = "24h", "24 hours before"
        TWO_HOURS = "2h", "2 hours before"
        BOTH = "both", "24 hours and 2 hours before"
        NONE = "none", "No reminders"

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="clients",
        limit_choices_to={"role": "trainer"},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_profile",
        limit_choices_to={"role": "client"},
        help_text="The login this client uses to see their program.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = CanonicalEmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    is_active = models.BooleanField(
        default=True, help_text="Archived clients are hidden from the dashboard."
    )
    reminders = models.CharField(
        "session reminders",
        max_length=4,
        choices=Reminders.choices,
        default=Reminders.DAY_BEFORE,
        help_text="When an email reminds the client of a session.",
    )
    newsletter_consented_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the client agreed to receive the newsletter; empty: they "
        "did not, or unsubscribed since.",
    )
    # Replaced by the database in the transaction of every write to what the client's
    # pages show, whatever makes it (``clients.revisions``); a new row brings its own.
    revision = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="New with every change to what is shown for the client: the "
        "version of their cached rows and sections. Never reused, not even by a "
        "database restored from a backup.",
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "email"],
                condition=~Q(email=""),
                name="client_email_unique_per_trainer",
                violation_error_message="You already have a client with this email.",
            ),
        ]
        indexes = [models.Index(fields=["trainer", "is_active", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def time_zone(self) -> str:
        """The zone the client sees times in: their login's, else their trainer's."""
        return self.user.time_zone if self.user_id else self.trainer.time_zone

    def get_absolute_url(self) -> str:
        return reverse("dashboard:client_detail", kwargs={"pk": self.pk})


TAG_MAX_LENGTH = 40


class ClientTag(TimeStampedModel):
    """A word a trainer gives a client ("evening", "knee", "team"), to find them by:
    free text, one row per tag, no two alike (whatever the case) on one client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_MAX_LENGTH)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "client",
                Lower("name"),
                name="client_tag_unique_per_client",
                violation_error_message="The client already has this tag.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ConsultationQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(trainer=trainer)

    def open(self):
        """Requests still on their way to becoming a client."""
        return self.exclude(
            status__in=[Consultation.Status.CONVERTED, Consultation.Status.DECLINED]
        )


class Consultation(TimeStampedModel):
    """A request from the public site for the initial consultation and assessment.
    Converting it creates the client, under the assigned trainer, and links it here."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CONVERTED = "converted", "Converted"
        DECLINED = "declined", "Declined"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = CanonicalEmailField(max_length=254)
    phone = models.CharField(max_length=32, blank=True)
    goals = models.TextField(max_length=2000)
    injuries = models.TextField(
        "injuries or pain", max_length=2000, blank=True, default=""
    )
    availability = models.CharField(
        "preferred days and times", max_length=500, blank=True, default=""
    )
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text="The visitor's zone: their emails show times in it.",
    )
    consented_at = models.DateTimeField(
        help_text="When the visitor agreed to be contacted about this request."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        limit_choices_to={"role": "trainer"},
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    client = models.OneToOneField(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
        help_text="The client this request became.",
    )
    notes = models.TextField(
        blank=True, default="", max_length=5000, help_text="For the team only."
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_at__isnull=False),
                name="consultation_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(client__isnull=False),
                name="consultation_converted_has_client",
            ),
        ]
        indexes = [models.Index(fields=["trainer", "status"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("clients:consultation_detail", kwargs={"pk": self.pk})
