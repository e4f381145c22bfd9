from django.contrib import admin

from notifications.models import Push, PushPreference, PushSubscription


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "device", "last_seen_at", "created_at"]
    search_fields = ["user__email", "user_agent"]
    list_select_related = ["user"]
    readonly_fields = [field.name for field in PushSubscription._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PushPreference)
class PushPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "messages", "comments", "ladder", "reminders"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Push)
class PushAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "subscription", "status", "attempts", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["key", "title", "subscription__user__email"]
    list_select_related = ["subscription__user"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Push._meta.fields]

    def has_add_permission(self, request):
        return False
