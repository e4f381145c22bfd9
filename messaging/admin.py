from django.contrib import admin

from messaging.models import Message, Thread


class MessageInline(admin.TabularInline):
    """The owner reads every thread here; nobody writes in one from the admin."""

    model = Message
    fields = ["created_at", "sender", "body", "workout", "kind", "deleted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-pk"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["client", "trainer", "last_message_at"]
    view_on_site = False  # the thread page is the trainer's; the owner reads here
    list_select_related = ["client__trainer"]
    search_fields = ["client__first_name", "client__last_name", "client__email"]
    readonly_fields = ["client", "last_message_at", "client_read_at", "trainer_read_at"]
    inlines = [MessageInline]

    @admin.display(ordering="client__trainer__email")
    def trainer(self, thread: Thread):
        return thread.client.trainer

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "sender", "kind", "created_at", "deleted_at"]
    list_filter = ["kind", "from_client"]
    list_select_related = ["thread__client", "sender"]
    search_fields = ["body", "thread__client__first_name", "thread__client__last_name"]
    readonly_fields = [
        "uid",
        "thread",
        "sender",
        "from_client",
        "body",
        "workout",
        "exercise",
        "kind",
        "attachment",
        "attachment_type",
        "attachment_size",
        "deleted_at",
        "digested_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
