from django.contrib import admin

from exchange.models import ClientImport, Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    view_on_site = False  # the download is for whoever asked, not the owner
    list_display = ["created_at", "kind", "client", "requested_by", "status", "size"]
    list_filter = ["kind", "status"]
    search_fields = ["client__first_name", "client__last_name", "requested_by__email"]
    list_select_related = ["client", "requested_by"]
    readonly_fields = [f.name for f in Export._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ClientImport)
class ClientImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "uploaded_by", "status", "applied_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "uploaded_by__email"]
    list_select_related = ["uploaded_by"]
    exclude = ["rows"]
    readonly_fields = ["uploaded_by", "file_name", "status", "applied_at", "report"]

    def has_add_permission(self, request):
        return False
