from datetime import timedelta

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.db import models

from accounts.models import User
from clients.models import Client
from scheduling.models import (
    MAX_SERIES_WEEKS,
    MAX_SESSION_LENGTH,
    SESSION_ENDS_BEFORE_START,
    SESSION_TOO_LONG,
    Session,
)

WEEKDAY_CHOICES = [
    (0, "Mon"),
    (1, "Tue"),
    (2, "Wed"),
    (3, "Thu"),
    (4, "Fri"),
    (5, "Sat"),
    (6, "Sun"),
]
DETAILS = ["location", "video_url", "focus", "notes"]

NOT_YOUR_CLIENT = "Pick one of your own clients."


def _formfield(field: models.Field, **kwargs) -> forms.Field:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a typed "meet.example.com" is https
    return field.formfield(**kwargs)


class SessionTimesForm(forms.Form):
    """When a session is and what it is about: shared by scheduling and editing."""

    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration = forms.IntegerField(
        label="Length in minutes",
        initial=60,
        widget=forms.NumberInput(attrs={"step": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Session, fields=DETAILS, formfield_callback=_formfield
            )
        )
        self.fields["notes"].widget = forms.Textarea(attrs={"rows": 3})
        # Suggests the days of the client's program (``program_days`` in the page).
        self.fields["focus"].widget.attrs["list"] = "program-days"
        self.fields["focus"].help_text = (
            "What the session works on: the days of the client's program are "
            "suggested. The reminder says it."
        )
        self.order_fields(["day", "start_time", "duration", *DETAILS])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout())

    def layout(self) -> list:
        return [
            Row(
                Column("day", css_class="col-sm-5"),
                Column("start_time", css_class="col-6 col-sm-4"),
                Column("duration", css_class="col-6 col-sm-3"),
            ),
            *DETAILS,
        ]

    def clean_duration(self) -> timedelta:
        minutes = self.cleaned_data["duration"]
        if minutes <= 0:
            raise forms.ValidationError(SESSION_ENDS_BEFORE_START)
        if minutes > MAX_SESSION_LENGTH / timedelta(minutes=1):
            raise forms.ValidationError(SESSION_TOO_LONG)
        return timedelta(minutes=minutes)


class SessionForm(SessionTimesForm):
    """Schedule one session, or a weekly series."""

    ONCE = "once"
    WEEKLY = "weekly"

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        empty_label="Choose a client",
        error_messages={"invalid_choice": NOT_YOUR_CLIENT},
    )
    repeat = forms.ChoiceField(
        choices=[(ONCE, "Once"), (WEEKLY, "Every week, on these days")],
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Days",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weeks = forms.IntegerField(
        label="For how many weeks",
        initial=8,
        required=False,
        help_text=f"Up to {MAX_SERIES_WEEKS}.",
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_SERIES_WEEKS}),
    )

    field_order = [
        "client",
        "day",
        "start_time",
        "duration",
        "repeat",
        "weekdays",
        "weeks",
        *DETAILS,
    ]

    def __init__(self, *args, trainer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.for_trainer(trainer).active()
        self.order_fields(self.field_order)

    def layout(self) -> list:
        day_and_time, *details = super().layout()
        return [
            "client",
            day_and_time,
            InlineRadios("repeat"),
            Div(
                InlineCheckboxes("weekdays"),
                "weeks",
                css_id="series-fields",
                data_series_fields="",
            ),
            *details,
        ]

    @property
    def is_series(self) -> bool:
        return self.cleaned_data.get("repeat") == self.WEEKLY


class SessionRecordForm(SessionTimesForm):
    """Record a session that already took place."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        empty_label="Choose a client",
        error_messages={"invalid_choice": NOT_YOUR_CLIENT},
    )

    def __init__(self, *args, trainer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.for_trainer(trainer).active()
        self.fields["focus"].help_text = (
            "What the session worked on: the days of the client's program are "
            "suggested."
        )
        self.order_fields(["client", "day", "start_time", "duration", *DETAILS])

    def layout(self) -> list:
        return ["client", *super().layout()]


class SessionEditForm(SessionTimesForm):
    """Move a session or change its details; optionally the rest of its series."""

    following = forms.BooleanField(
        label="Also change the later sessions of this series", required=False
    )

    def __init__(self, *args, following_count: int = 0, **kwargs):
        self.following_count = following_count
        super().__init__(*args, **kwargs)
        if following_count:
            self.fields["following"].label = (
                f"Also change the {following_count} later session"
                f"{'s' if following_count > 1 else ''} of this series"
            )
        else:
            del self.fields["following"]

    def layout(self) -> list:
        return [*super().layout(), *(["following"] if self.following_count else [])]


class RemindersForm(forms.Form):
    reminders = forms.ChoiceField(
        label="Email a reminder",
        choices=Client.Reminders.choices,
        widget=forms.RadioSelect,
    )


class WeekForm(forms.Form):
    week = forms.DateField(required=False)
