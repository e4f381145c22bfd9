"""Packages of sessions the owner sells, payments for them, and each client's credits
as an append-only ledger whose balance is derived, never stored."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from clients.models import Client
from core.models import TimeStampedModel

CURRENCIES = [("GBP", "GBP"), ("EUR", "EUR"), ("USD", "USD")]


class Package(TimeStampedModel):
    """Sessions sold together, at a price, valid for a number of days."""

    name = models.CharField(max_length=100)
    sessions = models.PositiveSmallIntegerField(help_text="Credits it adds, 1 to 200.")
    price = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="GBP")
    valid_days = models.PositiveSmallIntegerField(
        "valid for (days)", default=180, help_text="1 to 1,000 days."
    )
    is_active = models.BooleanField("on sale", default=True)

    class Meta:
        ordering = ["sessions", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="package_price_not_negative",
                violation_error_message="A price cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(sessions__gte=1, sessions__lte=200),
                name="package_sessions_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_days__gte=1, valid_days__lte=1000),
                name="package_valid_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.sessions} sessions, {self.currency} {self.price}"


class PaymentQuerySet(models.QuerySet):
    def due_for_expiry(self, now: datetime) -> "PaymentQuerySet":
        """Purchases past their validity whose unused credits are not yet expired."""
        return self.filter(expires_at__lte=now, expiry_swept_at__isnull=True)


class Payment(TimeStampedModel):
    """Money received for a package: recorded by hand (cash, bank transfer) or paid
    online through Stripe Checkout. No card data is ever stored: Stripe keeps it,
    and a payment holds only Stripe's ids."""

    class Method(models.TextChoices):
        CASH = "cash", "Cash"
        TRANSFER = "transfer", "Bank transfer"
        CARD = "card", "Card (in person)"
        ONLINE = "online", "Online card payment"

    # A dispute that withholds the money (Stripe's statuses): the credits are held
    # while one of these lasts. An inquiry (warning_*) and a won dispute hold nothing.
    DISPUTE_HOLDS = {"needs_response", "under_review", "lost"}

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="payments"
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES)
    method = models.CharField(max_length=10, choices=Method.choices)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the credits it added expire (its package's validity, fixed when paid),
    # and when the expiry sweep dealt with them.
    expires_at = models.DateTimeField(null=True, blank=True)
    expiry_swept_at = models.DateTimeField(null=True, blank=True)
    # Online payments: Stripe's ids, what Stripe has refunded, and a dispute.
    stripe_checkout_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True
    )
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    refunded = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    dispute_id = models.CharField(max_length=255, blank=True)
    dispute_status = models.CharField(max_length=30, blank=True)
    dispute_reason = models.CharField(max_length=60, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["expires_at"],
                condition=Q(expiry_swept_at__isnull=True),
                name="payment_expiry_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(refunded__gte=0, refunded__lte=models.F("amount")),
                name="payment_refunded_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.currency} {self.amount} for {self.package.name}"

    @property
    def is_held_by_dispute(self) -> bool:
        return self.dispute_status in self.DISPUTE_HOLDS

    @property
    def dispute_status_label(self) -> str:
        return self.dispute_status.replace("_", " ")


class Checkout(TimeStampedModel):
    """A Stripe Checkout a client was sent to. It adds nothing by itself: the
    credits come with the payment that Stripe's webhook reports."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="checkouts"
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="checkouts"
    )
    stripe_id = models.CharField(max_length=255, unique=True)
    url = models.URLField(max_length=2000)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, choices=CURRENCIES)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="Paid, failed or expired: not reused."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.client}: {self.package.name} ({self.stripe_id})"


class StripeEvent(TimeStampedModel):
    """A webhook event from Stripe, handled once: its id is unique, so a replay (or
    Stripe's own retry) finds it and changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}: {self.outcome}"


class CreditEntryQuerySet(models.QuerySet):
    def balance(self) -> int:
        return self.aggregate(total=Sum("change"))["total"] or 0


class CreditEntry(TimeStampedModel):
    """One line of a client's credit ledger. Rows are only ever added: a mistake is
    put right by an adjustment, with its reason."""

    class Kind(models.TextChoices):
        BOUGHT = "bought", "Bought"
        USED = "used", "Used by a booking"
        RETURNED = "returned", "Returned (cancelled in time)"
        FORFEITED = "forfeited", "Forfeited (late cancel or no-show)"
        ADJUSTED = "adjusted", "Adjusted by hand"
        EXPIRED = "expired", "Expired"
        REFUNDED = "refunded", "Taken back (refunded)"
        DISPUTED = "disputed", "Held (payment disputed)"
        REINSTATED = "reinstated", "Given back (dispute won)"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="credits")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    change = models.SmallIntegerField(help_text="Credits added (+) or taken (-).")
    session = models.ForeignKey(
        "scheduling.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credit_entries",
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "credit entries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="adjusted") | ~Q(reason=""),
                name="creditentry_adjustment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(change__gte=-200, change__lte=200),
                name="creditentry_change_range",
            ),
            # A purchase's unused credits expire once.
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(kind="expired"),
                name="creditentry_one_expiry_per_payment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.change:+d} ({self.get_kind_display()})"
