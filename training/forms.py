"""The logging form: one row per set of each exercise of a training day, prefilled
with the target, so that one tap confirms a set as prescribed."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils import timezone

from programming.models import Prescription
from training.models import (
    MAX_DISTANCE_M,
    MAX_LOAD,
    MAX_REPS,
    MAX_SECONDS,
    CoachSettings,
)
from training.services import ExerciseDone, SetDone

RPE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 11)]
PAIN_CHOICES = [("", "—"), ("0", "0: none")] + [(str(n), str(n)) for n in range(1, 11)]
SET_NEEDS_AMOUNT = "How many did you do?"
MEASURES = {
    "reps": ("Reps", MAX_REPS),
    "seconds": ("Seconds", MAX_SECONDS),
    "distance_m": ("Metres", MAX_DISTANCE_M),
}


def measure_of(prescription: Prescription) -> str:
    """What a set of this exercise is counted in: reps, seconds or metres."""
    for name in MEASURES:
        if getattr(prescription, name) is not None:
            return name
    return "reps"


@dataclass
class SetRow:
    number: int
    done: forms.BoundField
    amount: forms.BoundField
    load: forms.BoundField


@dataclass
class ExerciseRow:
    number: int
    prescription: Prescription
    measure: str
    sets: list[SetRow]
    rpe: forms.BoundField
    pain: forms.BoundField
    pain_where: forms.BoundField
    note: forms.BoundField


class WorkoutForm(forms.Form):
    uid = forms.UUIDField(widget=forms.HiddenInput)
    performed_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )
    notes = forms.CharField(
        label="Notes on the whole day",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, prescriptions: list[Prescription], **kwargs):
        kwargs.setdefault(
            "initial",
            {"uid": uuid.uuid4(), "performed_on": timezone.localdate()},
        )
        super().__init__(*args, **kwargs)
        self.prescriptions = prescriptions
        for i, prescription in enumerate(prescriptions):
            measure = measure_of(prescription)
            label, limit = MEASURES[measure]
            unit = prescription.load_unit
            for j in range(prescription.sets):
                prefix = f"e{i}-s{j}"
                self.fields[f"{prefix}-done"] = forms.BooleanField(
                    label=f"Set {j + 1} done",
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "btn-check set-done"}),
                )
                self.fields[f"{prefix}-amount"] = forms.IntegerField(
                    label=f"{label}, set {j + 1}",
                    required=False,
                    min_value=0,
                    max_value=limit,
                    initial=getattr(prescription, measure),
                    widget=forms.NumberInput(
                        attrs={"inputmode": "numeric", "class": "form-control"}
                    ),
                )
                self.fields[f"{prefix}-load"] = forms.DecimalField(
                    label=f"Load ({unit}), set {j + 1}",
                    required=False,
                    min_value=Decimal(0),
                    max_value=MAX_LOAD[unit],
                    max_digits=6,
                    decimal_places=2,
                    initial=prescription.load
                    and format(prescription.load.normalize(), "f"),
                    widget=forms.NumberInput(
                        attrs={
                            "inputmode": "decimal",
                            "step": "any",
                            "class": "form-control",
                        }
                    ),
                )
            self.fields[f"e{i}-rpe"] = forms.TypedChoiceField(
                label="Effort (RPE 1–10)",
                choices=RPE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"e{i}-pain"] = forms.TypedChoiceField(
                label="Pain (0 none, 10 worst)",
                choices=PAIN_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"e{i}-where"] = forms.CharField(
                label="Where?",
                required=False,
                max_length=100,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "placeholder": "e.g. lower back"}
                ),
            )
            self.fields[f"e{i}-note"] = forms.CharField(
                label="Note",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        for i, prescription in enumerate(self.prescriptions):
            for j in range(prescription.sets):
                amount = f"e{i}-s{j}-amount"
                missing = cleaned.get(f"e{i}-s{j}-done") and cleaned.get(amount) is None
                if missing and amount not in self.errors:
                    self.add_error(amount, SET_NEEDS_AMOUNT)
        return cleaned

    @property
    def rows(self) -> list[ExerciseRow]:
        return [
            ExerciseRow(
                number=i + 1,
                prescription=prescription,
                measure=measure_of(prescription),
                sets=[
                    SetRow(
                        number=j + 1,
                        done=self[f"e{i}-s{j}-done"],
                        amount=self[f"e{i}-s{j}-amount"],
                        load=self[f"e{i}-s{j}-load"],
                    )
                    for j in range(prescription.sets)
                ],
                rpe=self[f"e{i}-rpe"],
                pain=self[f"e{i}-pain"],
                pain_where=self[f"e{i}-where"],
                note=self[f"e{i}-note"],
            )
            for i, prescription in enumerate(self.prescriptions)
        ]

    def exercises(self) -> list[ExerciseDone]:
        """What was done, from the cleaned form: only the sets ticked as done."""
        data = self.cleaned_data
        done = []
        for i, prescription in enumerate(self.prescriptions):
            measure = measure_of(prescription)
            sets = [
                SetDone(
                    **{measure: data[f"e{i}-s{j}-amount"]},
                    load=data[f"e{i}-s{j}-load"] or None,
                    load_unit=prescription.load_unit,
                )
                for j in range(prescription.sets)
                if data.get(f"e{i}-s{j}-done")
            ]
            done.append(
                ExerciseDone(
                    prescription=prescription,
                    sets=sets,
                    rpe=data[f"e{i}-rpe"],
                    pain=data[f"e{i}-pain"],
                    pain_where=data[f"e{i}-where"],
                    note=data[f"e{i}-note"],
                )
            )
        return done


class CoachSettingsForm(forms.ModelForm):
    class Meta:
        model = CoachSettings
        fields = ["pain_threshold", "quiet_days"]


class DismissForm(forms.Form):
    note = forms.CharField(label="Why not? (optional)", required=False, max_length=300)
