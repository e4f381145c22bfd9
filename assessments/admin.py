from django.contrib import admin

from assessments.models import (
    Assessment,
    Protocol,
    ProtocolTest,
    Result,
    ScreenTest,
    StartDecision,
)
from screening.admin import GatedAdmin


@admin.register(ScreenTest)
class ScreenTestAdmin(admin.ModelAdmin):
    list_display = ["name", "pattern", "kind", "unit", "owner", "key"]
    list_filter = ["pattern", "kind", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]


class ProtocolTestInline(admin.TabularInline):
    model = ProtocolTest
    extra = 0
    raw_id_fields = ["test"]


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = ["name", "owner", "created_at"]
    list_filter = [("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "copied_from"]
    inlines = [ProtocolTestInline]


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    raw_id_fields = ["test"]


class StartDecisionInline(admin.TabularInline):
    model = StartDecision
    extra = 0
    raw_id_fields = ["variation", "ladder", "decided_by"]


@admin.register(Assessment)
class AssessmentAdmin(GatedAdmin, admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = ["client", "protocol", "assessed_on", "status", "assessed_by"]
    list_filter = ["status", "assessed_on"]
    search_fields = ["client__first_name", "client__last_name", "protocol__name"]
    list_select_related = ["client", "protocol", "assessed_by"]
    raw_id_fields = ["client", "protocol", "assessed_by"]
    date_hierarchy = "assessed_on"
    inlines = [ResultInline, StartDecisionInline]
