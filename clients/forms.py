from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from accounts.models import User
from clients.models import Client, Consultation
from clients.services.clients import tags_clean
from clients.services.consultations import NEEDS_CONSENT
from core.forms import HoneypotMixin, TimeZoneField, TimeZoneInput


class TagsField(forms.CharField):
    """Tags typed as one line, separated by commas; cleaned to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault(
            "help_text",
            "Words to find this client by on your dashboard, separated by commas: "
            "evening, knee, team.",
        )
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        try:
            return tags_clean(text.split(","))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ClientTagsForm(forms.Form):
    tags = TagsField()


class ClientForm(forms.ModelForm):
    tags = TagsField()

    class Meta:
        model = Client
        fields = ["first_name", "last_name", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())


PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ().-]{6,32}$",
    "Enter a phone number with digits, spaces, +, -, brackets or dots.",
)

CONSULTATION_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "goals",
    "injuries",
    "availability",
    "time_zone",
]


class ConsultationRequestForm(HoneypotMixin, forms.ModelForm):
    """The public request for the initial consultation and assessment."""

    field_order = [*CONSULTATION_FIELDS, "consent"]

    phone = forms.CharField(
        label="Phone (optional)",
        max_length=32,
        required=False,
        validators=[PHONE_VALIDATOR],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    time_zone = TimeZoneField(
        label="Your time zone",
        help_text="We show the time of your consultation in this zone.",
        widget=TimeZoneInput(attrs={"data-detect-time-zone": ""}),
    )
    consent = forms.BooleanField(
        label="You may contact me by email or phone about my consultation.",
        error_messages={"required": NEEDS_CONSENT},
    )

    class Meta:
        model = Consultation
        fields = CONSULTATION_FIELDS
        labels = {
            "last_name": "Last name (optional)",
            "goals": "What would you like to achieve?",
            "injuries": "Any injuries or pain we should know about? (optional)",
            "availability": "Which days and times suit you? (optional)",
        }
        help_texts = {
            "goals": "Strength, muscle, power, moving without pain, a sport: "
            "in your own words.",
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "injuries": forms.Textarea(attrs={"rows": 2}),
            "availability": forms.TextInput(
                attrs={"placeholder": "e.g. weekday mornings before 9, Saturdays"}
            ),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("time_zone", settings.TIME_ZONE)
        super().__init__(*args, **kwargs)


class ConsultationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All"), *Consultation.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class AssignTrainerForm(forms.Form):
    trainer = forms.ModelChoiceField(
        queryset=User.objects.filter(role=User.Role.TRAINER, is_active=True).order_by(
            "first_name", "last_name", "email"
        ),
        empty_label=None,
    )


class ScheduleForm(forms.Form):
    """A date and time on the clock of ``time_zone``: the admin usually agrees the
    time with the visitor, in the visitor's zone."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = TimeZoneField(label="Time zone")

    def clean(self):
        data = super().clean()
        if {"date", "time", "time_zone"} <= data.keys():
            data["starts_at"] = datetime.combine(
                data["date"], data["time"], tzinfo=ZoneInfo(data["time_zone"])
            )
        return data
