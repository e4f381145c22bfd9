from django.db import models
from django.db.models import Q

from core.models import CanonicalEmailField, TimeStampedModel


class Subscriber(TimeStampedModel):
    """A newsletter sign-up: pending until the emailed link confirms it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = CanonicalEmailField(max_length=254)
    first_name = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.SlugField(
        max_length=50, blank=True, default="", help_text="The page they signed up on."
    )
    # The secret in the current confirmation link; cleared once it is used, so the link
    # works once and links from before an unsubscription never work again.
    confirmation_nonce = models.CharField(max_length=32, blank=True, default="")
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A constraint, not unique=True: the sign-up leaves it to the INSERT.
            models.UniqueConstraint(fields=["email"], name="subscriber_email_unique"),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | ~Q(confirmation_nonce=""),
                name="subscriber_pending_has_nonce",
            ),
        ]

    def __str__(self) -> str:
        return self.email
