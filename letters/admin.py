from django.contrib import admin

from letters.models import Issue


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """Issues are written and sent on the site (Newsletter); here they are read."""

    list_display = ["subject", "status", "send_at", "recipients", "created_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [field.name for field in Issue._meta.fields]

    def has_add_permission(self, request):
        return False
