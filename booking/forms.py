"""Forms of the booking app: the trainer's availability and the visitor's booking."""

from django import forms
from django.conf import settings

from booking.models import WEEKDAYS, SessionType, TimeOff, WeeklyHours
from booking.services import NEEDS_CONSENT
from core.forms import EmailField, HoneypotMixin, TimeZoneField, TimeZoneInput

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WeeklyHoursForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int)

    class Meta:
        model = WeeklyHours
        fields = ["weekday", "starts", "ends"]
        labels = {"starts": "From", "ends": "Until"}
        widgets = {"starts": TIME_INPUT, "ends": TIME_INPUT}


class TimeOffForm(forms.ModelForm):
    class Meta:
        model = TimeOff
        fields = ["first_day", "last_day", "reason"]
        labels = {"first_day": "First day off", "last_day": "Last day off"}
        widgets = {"first_day": DATE_INPUT, "last_day": DATE_INPUT}


class SessionTypeForm(forms.ModelForm):
    class Meta:
        model = SessionType
        fields = [
            "name",
            "kind",
            "minutes",
            "buffer_before",
            "buffer_after",
            "step",
            "notice_hours",
            "horizon_days",
            "cancel_notice_hours",
            "is_active",
        ]


class BookingDetailsForm(HoneypotMixin, forms.Form):
    """Who the visitor is, for the slot they picked."""

    first_name = forms.CharField(
        max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    goals = forms.CharField(
        label="What would you like help with?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    time_zone = TimeZoneField(
        label="Your time zone",
        widget=TimeZoneInput(attrs={"data-detect-time-zone": ""}),
    )
    consent = forms.BooleanField(
        label="You may contact me by email about my consultation.",
        error_messages={"required": NEEDS_CONSENT},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("time_zone", settings.TIME_ZONE)
        super().__init__(*args, **kwargs)


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label="Why waive it?",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "e.g. ill, with a note"}),
    )


class DayCancelForm(forms.Form):
    day = forms.DateField(widget=DATE_INPUT)
    reason = forms.CharField(
        label="Reason (your clients read it)",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. I am ill, sorry"}),
    )
