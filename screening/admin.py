from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.html import format_html

from screening.gate import training_gate_check
from screening.models import (
    Consent,
    GateSwitch,
    Override,
    Questionnaire,
    Screening,
    Signature,
    Wording,
)
from screening.selectors import signed_copy


class _Final:
    """A published version is shown, never changed: write a new version."""

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.published_at:
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.published_at:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(GateSwitch)
class GateSwitchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_on", "updated_at"]

    def has_add_permission(self, request):
        return not GateSwitch.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(_Final, admin.ModelAdmin):
    list_display = ["title", "version", "published_at"]


@admin.register(Wording)
class WordingAdmin(_Final, admin.ModelAdmin):
    list_display = ["title", "kind", "version", "published_at"]
    list_filter = ["kind"]


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Answers are a record: the owner reads them and may delete them."""

    list_display = ["client", "outcome", "created_at", "valid_until", "ended_at"]
    list_filter = ["outcome"]
    search_fields = ["client__first_name", "client__last_name"]
    list_select_related = ["client"]
    exclude = ["document"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "document"]

    def has_add_permission(self, request):
        return False


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    """The owner reads each signed copy here and downloads it with the action."""

    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = ["client", "wording", "signed_name", "signed_at", "ip_address"]
    search_fields = ["client__first_name", "client__last_name", "signed_name"]
    list_select_related = ["client", "wording"]
    actions = ["download"]

    def get_readonly_fields(self, request, obj=None):
        return [*(f.name for f in self.model._meta.fields), "signed_copy"]

    @admin.display(description="signed copy")
    def signed_copy(self, obj):
        return format_html("<pre>{}</pre>", signed_copy(obj)) if obj.pk else ""

    @admin.action(description="Download the signed copies")
    def download(self, request, queryset):
        rows = queryset.select_related("client", "wording")
        text = "\n\n".join(signed_copy(signature) for signature in rows)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signed-waivers.txt"'
        return response

    def has_add_permission(self, request):
        return False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["client", "wording", "given_at", "withdrawn_at"]
    list_select_related = ["client", "wording"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Override)
class OverrideAdmin(admin.ModelAdmin):
    list_display = ["client", "trainer", "reason", "created_at", "ended_at"]
    list_select_related = ["client", "trainer"]
    raw_id_fields = ["client", "trainer"]


class GatedAdmin:
    """For the admins of rows that start training (an assessment, an assignment, an
    active program): saving one for a client passes the training gate, as the
    services do. ``gate_applies(obj, change)`` says when."""

    def gate_applies(self, form) -> bool:
        return not form.instance.pk

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)
        gate_applies = self.gate_applies

        class Gated(base):
            def clean(self):
                data = super().clean()
                client = data.get("client") or getattr(self.instance, "client", None)
                if client is not None and gate_applies(self):
                    try:
                        training_gate_check(client=client)
                    except ValidationError as exc:
                        self.add_error(None, exc)
                return data

        return Gated
