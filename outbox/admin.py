from django.contrib import admin

from outbox.models import Attachment, Email


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
