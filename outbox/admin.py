from django.contrib import admin

from outbox.models import Attachment, Email, ErrorReport, Suppression


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Email._meta.fields]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Each server error of each hour, with how often it happened: the email the
    admins got says the count at the time; this one keeps counting."""

    list_display = ["title", "count", "first_at", "last_at", "emailed_at"]
    search_fields = ["title"]
    date_hierarchy = "first_at"
    readonly_fields = [field.name for field in ErrorReport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses newsletters skip, and why: an unsubscription, or the mail server's
    permanent refusals (``OUTBOX_BOUNCE_LIMIT`` of them), the last one as it said."""

    list_display = ["address", "unsubscribed_at", "bounces", "last_bounce_at"]
    list_filter = [("unsubscribed_at", admin.EmptyFieldListFilter)]
    search_fields = ["address", "last_bounce"]
    readonly_fields = [
        "address",
        "unsubscribed_at",
        "bounces",
        "last_bounce_at",
        "last_bounce",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False
