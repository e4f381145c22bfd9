from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse

from clients.forms import AssignTrainerForm, ScheduleForm
from clients.models import Client, Consultation
from clients.services import (
    check_can_coach,
    client_reassign,
    consultation_assign,
    consultation_complete,
    consultation_convert,
    consultation_decline,
    consultation_mark_contacted,
    consultation_schedule,
)
from clients.services.consultations import STEPS_FROM
from core.http import service_call

REASSIGNED = "{count} client{s} moved to {trainer}, with everything of theirs."
ASSIGNED = "{count} consultation{s} assigned to {trainer}."
CONTACTED = "{count} consultation{s} marked contacted."
SCHEDULED = "{count} consultation scheduled; the visitor is emailed a confirmation."
COMPLETED = "{count} consultation{s} marked completed."
DECLINED = "{count} consultation{s} declined."
CONVERTED = "{count} consultation{s} converted: each client is emailed an invitation."
CHOOSE_ONE = "Choose exactly one consultation to schedule."


class ServiceActionsMixin:
    """Admin actions that call a service once per selected row, with an intermediate
    page when the action needs input or a confirmation."""

    def describe(self, obj) -> str:
        return str(obj)

    def _apply(
        self, request, queryset, service: Callable[..., object], done: str, **kwargs
    ) -> None:
        """Call ``service`` on each selected row (as the keyword named after the
        model); report what it refused, and how many it did with ``done``
        (formatted with ``count`` and ``kwargs``)."""
        count = 0
        for obj in queryset:
            with service_call(request):
                service(**{self.model._meta.model_name: obj}, **kwargs)
                count += 1
        if count:
            message = done.format(count=count, s=pluralize(count), **kwargs)
            self.message_user(request, message, messages.SUCCESS)

    def _form_page(
        self,
        request,
        queryset,
        *,
        form: forms.Form,
        title: str,
        intro: str,
        button: str,
    ) -> TemplateResponse:
        """The intermediate page of an action that needs input or a confirmation: it
        posts back to the list with the same action, selection and ``apply``."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "form": form,
            "queryset": queryset,
            "items": [self.describe(obj) for obj in queryset],
            "action": request.POST.get("action", ""),
            "from_change": request.POST.get("_from_change", ""),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/action_form.html", context)

    @staticmethod
    def _bound(request, form_class, **kwargs) -> forms.Form:
        data = request.POST if "apply" in request.POST else None
        return form_class(data, **kwargs)


class ClientAdminForm(forms.ModelForm):
    """The admin's client form (the admin adds the model and fields): a new trainer
    must be an active one."""

    def clean(self):
        cleaned = super().clean()
        trainer = cleaned.get("trainer")
        if trainer is not None and "trainer" in self.changed_data:
            try:
                check_can_coach(trainer)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


@admin.register(Client)
class ClientAdmin(ServiceActionsMixin, admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    form = ClientAdminForm
    list_display = ["full_name", "email", "trainer", "user", "is_active", "created_at"]
    list_filter = ["is_active", "trainer"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["trainer", "user"]
    raw_id_fields = ["user"]
    actions = ["reassign"]

    def describe(self, client: Client) -> str:
        return f"{client.full_name} · {client.trainer}"

    def save_model(self, request, obj, form, change):
        """A change of trainer goes through the service that moves everything of
        the client with them."""
        if change and "trainer" in form.changed_data:
            trainer = obj.trainer
            obj.trainer_id = form.initial["trainer"]
            super().save_model(request, obj, form, change)
            with service_call(request):  # the form checked the trainer; a race
                client_reassign(client=obj, trainer=trainer)
                obj.trainer = trainer
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Move to another trainer")
    def reassign(self, request, queryset):
        form = self._bound(request, AssignTrainerForm)
        if form.is_bound and form.is_valid():
            trainer = form.cleaned_data["trainer"]
            self._apply(request, queryset, client_reassign, REASSIGNED, trainer=trainer)
            return None
        return self._form_page(
            request,
            queryset,
            form=form,
            title="Move to another trainer",
            intro="Each client moves with everything of theirs: assignments, "
            "programs, assessments and sessions. The new trainer sees them at once, "
            "the old one no longer does. Clients keep their login and history.",
            button="Move",
        )


@admin.register(Consultation)
class ConsultationAdmin(ServiceActionsMixin, admin.ModelAdmin):
    # Its page is for the trainer; the owner would be refused it (403).
    view_on_site = False
    list_display = [
        "full_name",
        "email",
        "status",
        "requested",
        "trainer",
        "scheduled_at",
    ]
    list_filter = ["status", ("trainer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["first_name", "last_name", "email", "phone"]
    date_hierarchy = "created_at"
    list_select_related = ["trainer"]
    actions = [
        "assign_trainer",
        "mark_contacted",
        "schedule",
        "mark_completed",
        "decline",
        "convert_to_client",
    ]
    fieldsets = [
        (
            "Request",
            {
                "fields": [
                    ("first_name", "last_name"),
                    ("email", "phone"),
                    "goals",
                    "injuries",
                    "availability",
                    "time_zone",
                    ("created_at", "consented_at"),
                ]
            },
        ),
        (
            "Progress (changed with the buttons above, or the list's actions)",
            {"fields": ["status", "trainer", "scheduled_at", "client"]},
        ),
        ("For the team", {"fields": ["notes"]}),
    ]
    readonly_fields = [
        "created_at",
        "consented_at",
        "status",
        "trainer",
        "scheduled_at",
        "client",
    ]

    def describe(self, consultation: Consultation) -> str:
        parts = [
            f"{consultation.full_name} <{consultation.email}>",
            consultation.get_status_display(),
            str(consultation.trainer or ""),
        ]
        return " · ".join(part for part in parts if part)

    def has_add_permission(self, request):
        # Requests come from the public form, with the visitor's consent.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The list's actions as buttons on the request's own page too: those that
        move it on from where it is (``STEPS_FROM``), none once it is closed."""
        consultation = self.get_object(request, object_id)
        status = consultation.status if consultation else None
        actions = [
            (name, description)
            for name, (_func, _name, description) in self.get_actions(request).items()
            if status in STEPS_FROM.get(name, ())
        ]
        extra_context = {**(extra_context or {}), "consultation_actions": actions}
        return super().change_view(request, object_id, form_url, extra_context)

    def response_action(self, request, queryset):
        """An action started from a request's page goes back to that page."""
        response = super().response_action(request, queryset)
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        came_from_page = request.POST.get("_from_change") and len(selected) == 1
        if came_from_page and isinstance(response, HttpResponseRedirect):
            return HttpResponseRedirect(
                reverse("admin:clients_consultation_change", args=[selected[0]])
            )
        return response

    @admin.display(description="Name", ordering="first_name")
    def full_name(self, consultation: Consultation) -> str:
        return consultation.full_name

    @admin.display(description="Requested", ordering="created_at")
    def requested(self, consultation: Consultation):
        return consultation.created_at

    # --- Actions: each calls a service, once per consultation ------------------------

    @admin.action(description="Assign a trainer")
    def assign_trainer(self, request, queryset):
        form = self._bound(request, AssignTrainerForm)
        if form.is_bound and form.is_valid():
            trainer = form.cleaned_data["trainer"]
            self._apply(
                request, queryset, consultation_assign, ASSIGNED, trainer=trainer
            )
            return None
        return self._form_page(
            request,
            queryset,
            form=form,
            title="Assign a trainer",
            intro="The trainer is emailed about each request and sees it on their "
            "consultations page.",
            button="Assign",
        )

    @admin.action(description="Mark contacted")
    def mark_contacted(self, request, queryset):
        self._apply(request, queryset, consultation_mark_contacted, CONTACTED)

    @admin.action(description="Schedule the consultation")
    def schedule(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, CHOOSE_ONE, messages.ERROR)
            return None
        consultation = queryset.get()
        form = self._bound(
            request, ScheduleForm, initial={"time_zone": consultation.time_zone}
        )
        if form.is_bound and form.is_valid():
            starts_at = form.cleaned_data["starts_at"]
            with service_call(form):
                consultation_schedule(consultation=consultation, starts_at=starts_at)
                self.message_user(request, SCHEDULED.format(count=1), messages.SUCCESS)
                return None
        return self._form_page(
            request,
            queryset,
            form=form,
            title=f"Schedule the consultation with {consultation.full_name}",
            intro=f"Their time zone is {consultation.time_zone}: the confirmation "
            "email shows the time in it, and the assigned trainer is told.",
            button="Schedule",
        )

    @admin.action(description="Mark completed")
    def mark_completed(self, request, queryset):
        self._apply(request, queryset, consultation_complete, COMPLETED)

    @admin.action(description="Decline")
    def decline(self, request, queryset):
        form = self._bound(request, forms.Form)
        if form.is_bound:
            self._apply(request, queryset, consultation_decline, DECLINED)
            return None
        return self._form_page(
            request,
            queryset,
            form=form,
            title="Decline these requests?",
            intro="A declined request cannot be scheduled or converted any more. "
            "Nobody is emailed.",
            button="Decline",
        )

    @admin.action(description="Convert to client")
    def convert_to_client(self, request, queryset):
        form = self._bound(request, forms.Form)
        if form.is_bound:
            self._apply(request, queryset, consultation_convert, CONVERTED)
            return None
        return self._form_page(
            request,
            queryset,
            form=form,
            title="Convert to clients?",
            intro="Each becomes a client of their assigned trainer, with a login, and "
            "is emailed an invitation to set a password.",
            button="Convert",
        )
