from django.contrib import admin

from programming.models import (
    Assignment,
    AssignmentChange,
    Ladder,
    Prescription,
    Program,
    Rung,
    TrainingDay,
    Variation,
)
from screening.admin import GatedAdmin


@admin.register(Variation)
class VariationAdmin(admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = ["name", "pattern", "equipment", "from_floor", "owner"]
    list_filter = ["pattern", "from_floor", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "equipment"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "copied_from"]


class RungInline(admin.TabularInline):
    model = Rung
    extra = 0
    raw_id_fields = ["variation"]
    ordering = ["position"]


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = ["name", "pattern", "owner", "is_default"]
    list_filter = ["pattern", "is_default", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "copied_from"]
    inlines = [RungInline]


class AssignmentChangeInline(admin.TabularInline):
    model = AssignmentChange
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "from_variation", "to_variation", "changed_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(GatedAdmin, admin.ModelAdmin):
    def gate_applies(self, form) -> bool:
        return True

    list_display = ["client", "pattern", "variation", "sets", "reps", "is_current"]
    list_filter = ["pattern", "is_current"]
    search_fields = ["client__first_name", "client__last_name", "variation__name"]
    list_select_related = ["client", "variation"]
    raw_id_fields = ["client", "variation", "ladder"]
    inlines = [AssignmentChangeInline]


@admin.register(AssignmentChange)
class AssignmentChangeAdmin(admin.ModelAdmin):
    """History is a record: readable here, never edited."""

    list_display = [
        "created_at",
        "assignment",
        "kind",
        "from_variation",
        "to_variation",
        "changed_by",
    ]
    list_filter = ["kind"]
    search_fields = [
        "assignment__client__first_name",
        "assignment__client__last_name",
        "reason",
    ]
    list_select_related = [
        "assignment__client",
        "assignment__variation",
        "from_variation",
        "to_variation",
        "changed_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TrainingDayInline(admin.TabularInline):
    model = TrainingDay
    extra = 0
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(GatedAdmin, admin.ModelAdmin):
    def gate_applies(self, form) -> bool:
        return bool(form.cleaned_data.get("is_active")) and (
            "is_active" in form.changed_data or "client" in form.changed_data
        )

    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = [
        "name",
        "client",
        "client__trainer",
        "owner",
        "is_active",
        "created_at",
    ]
    list_filter = ["is_active", ("client", admin.EmptyFieldListFilter)]
    search_fields = ["name", "client__first_name", "client__last_name"]
    list_select_related = ["client__trainer", "owner"]
    raw_id_fields = ["owner", "client", "copied_from"]
    inlines = [TrainingDayInline]


class PrescriptionInline(admin.TabularInline):
    model = Prescription
    extra = 0
    raw_id_fields = ["variation"]
    fields = [
        "position",
        "variation",
        "follows_ladder",
        "sets",
        "reps",
        "seconds",
        "distance_m",
        "load",
    ]


@admin.register(TrainingDay)
class TrainingDayAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "position"]
    search_fields = ["name", "program__name"]
    list_select_related = ["program"]
    raw_id_fields = ["program"]
    inlines = [PrescriptionInline]
