from django.contrib import admin

from packages.models import Checkout, CreditEntry, Package, Payment, StripeEvent


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["name", "sessions", "price", "currency", "valid_days", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["name"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    # Recorded from the client's credits page, which adds the credits with it, or
    # by Stripe's webhook. A dispute shows here (filter by it); it is answered in
    # Stripe's dashboard.
    list_display = [
        "client",
        "package",
        "amount",
        "currency",
        "method",
        "refunded",
        "dispute_status",
        "expires_at",
        "created_at",
    ]
    list_filter = ["method", "currency", "dispute_status"]
    search_fields = [
        "client__first_name",
        "client__last_name",
        "client__email",
        "stripe_payment_intent",
        "dispute_id",
    ]
    list_select_related = ["client", "package"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    # Append-only: read here, written by the services.
    list_display = ["client", "kind", "change", "reason", "created_at"]
    list_filter = ["kind"]
    search_fields = ["client__first_name", "client__last_name", "client__email"]
    list_select_related = ["client"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdmin):
    # Checkouts clients were sent to; a paid one is its payment.
    list_display = [
        "client",
        "package",
        "amount",
        "currency",
        "created_at",
        "closed_at",
    ]
    search_fields = ["client__email", "stripe_id"]
    list_select_related = ["client", "package"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    # Each event Stripe's webhook delivered, once, with what it did.
    list_display = ["type", "event_id", "outcome", "created_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]
