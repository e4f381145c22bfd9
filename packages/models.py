"""Packages of sessions the owner sells, payments for them, and each client's credits
as an append-only ledger whose balance is derived, never stored."""

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


class Payment(TimeStampedModel):
    """Money received for a package: recorded by hand (cash, bank transfer). No card
    data is ever stored."""

    class Method(models.TextChoices):
        CASH = "cash", "Cash"
        TRANSFER = "transfer", "Bank transfer"
        CARD = "card", "Card (in person)"

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

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.currency} {self.amount} for {self.package.name}"


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
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.change:+d} ({self.get_kind_display()})"
