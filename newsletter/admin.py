import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.defaultfilters import pluralize
from django.utils import timezone

from core.http import service_call
from core.spreadsheets import csv_cell
from newsletter.models import Subscriber
from newsletter.selectors import EXPORT_FIELDS, subscriber_export_rows
from newsletter.services import subscriber_unsubscribe

UNSUBSCRIBED = "{count} subscriber{s} unsubscribed."


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "source", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["email", "first_name"]
    date_hierarchy = "created_at"
    actions = ["export_csv", "unsubscribe"]
    fields = [
        "email",
        "first_name",
        "status",
        "source",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    readonly_fields = [name for name in fields if name != "first_name"]

    def has_add_permission(self, request):
        # Subscribers confirm themselves (double opt-in): nobody is added by hand.
        return False

    @admin.action(description="Export selected subscribers as CSV")
    def export_csv(self, request, queryset):
        stamp = timezone.now().strftime("%Y-%m-%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="subscribers-{stamp}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(EXPORT_FIELDS)
        for row in subscriber_export_rows(subscribers=queryset).iterator():
            writer.writerow([csv_cell(value) for value in row])
        return response

    @admin.action(description="Unsubscribe selected subscribers")
    def unsubscribe(self, request, queryset):
        count = 0
        for pk in queryset.values_list("pk", flat=True):
            with service_call(request):
                subscriber_unsubscribe(subscriber_id=pk)
                count += 1
        self.message_user(
            request,
            UNSUBSCRIBED.format(count=count, s=pluralize(count)),
            messages.SUCCESS,
        )
