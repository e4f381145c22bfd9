from django.contrib import admin

from clients.models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "trainer", "user", "is_active", "created_at"]
    list_filter = ["is_active", "trainer"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["trainer", "user"]
    raw_id_fields = ["user"]
