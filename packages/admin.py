from django.contrib import admin

from packages.models import CreditEntry, Package, Payment


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["name", "sessions", "price", "currency", "valid_days", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["name"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    # Recorded from the client's credits page, which adds the credits with it.
    list_display = ["client", "package", "amount", "currency", "method", "created_at"]
    list_filter = ["method", "currency"]
    search_fields = ["client__first_name", "client__last_name", "client__email"]
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
