"""The logging form: one row per set of each exercise of a training day, prefilled
with the target, so that one tap confirms a set as prescribed.

The form only reads what was posted; ``workout_log`` decides what a workout may
say, and its refusals come back onto the fields they name (``add_service_errors``)."""

import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from programming.models import Prescription
from training import widgets
from training.models import CoachSettings
from training.services import PAIN_RANGE, RPE_RANGE, ExerciseDone, SetDone, measure_of

RPE_CHOICES = [("", "—")] + [
    (str(n), str(n)) for n in range(RPE_RANGE[0], RPE_RANGE[1] + 1)
]
PAIN_CHOICES = [("", "—"), ("0", "0: none")] + [
    (str(n), str(n)) for n in range(PAIN_RANGE[0] + 1, PAIN_RANGE[1] + 1)
]
MEASURE_LABELS = {"reps": "Reps", "seconds": "Seconds", "distance_m": "Metres"}
# Where a refusal of ``workout_log`` about an exercise goes on this form.
EXERCISE_FIELDS = {"rpe": "rpe", "pain": "pain", "pain_where": "where", "note": "note"}


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
    # No max_length on the text fields: its maxlength attribute makes a browser cut
    # a pasted note short without a word. The service says when one is too long.
    notes = forms.CharField(
        label="Notes on the whole day",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, prescriptions: list[Prescription], **kwargs):
        kwargs.setdefault(
            "initial",
            {"uid": uuid.uuid4(), "performed_on": timezone.localdate()},
        )
        super().__init__(*args, **kwargs)
        self.prescriptions = prescriptions
        # The form's set number of each set sent, by exercise and place in the list.
        self._sent_sets: dict[tuple[int, int], int] = {}
        for i, prescription in enumerate(prescriptions):
            measure = measure_of(prescription)
            unit = prescription.load_unit
            for j in range(prescription.sets):
                prefix = f"e{i}-s{j}"
                self.fields[f"{prefix}-done"] = forms.BooleanField(
                    label=f"Set {j + 1} done",
                    required=False,
                    widget=widgets.CheckboxInput(attrs={"class": "btn-check set-done"}),
                )
                self.fields[f"{prefix}-amount"] = forms.IntegerField(
                    label=f"{MEASURE_LABELS[measure]}, set {j + 1}",
                    required=False,
                    initial=getattr(prescription, measure),
                    widget=widgets.NumberInput(
                        attrs={"inputmode": "numeric", "class": "form-control"}
                    ),
                )
                self.fields[f"{prefix}-load"] = forms.DecimalField(
                    label=f"Load ({unit}), set {j + 1}",
                    required=False,
                    initial=prescription.load
                    and format(prescription.load.normalize(), "f"),
                    widget=widgets.NumberInput(
                        attrs={
                            "inputmode": "decimal",
                            "step": "any",
                            "class": "form-control",
                        }
                    ),
                )
            self.fields[f"e{i}-rpe"] = forms.IntegerField(
                label="Effort (RPE 1–10)",
                required=False,
                widget=widgets.Select(
                    choices=RPE_CHOICES, attrs={"class": "form-select"}
                ),
            )
            self.fields[f"e{i}-pain"] = forms.IntegerField(
                label="Pain (0 none, 10 worst)",
                required=False,
                widget=widgets.Select(
                    choices=PAIN_CHOICES, attrs={"class": "form-select"}
                ),
            )
            self.fields[f"e{i}-where"] = forms.CharField(
                label="Where?",
                required=False,
                widget=widgets.TextInput(
                    attrs={"class": "form-control", "placeholder": "e.g. lower back"}
                ),
            )
            self.fields[f"e{i}-note"] = forms.CharField(
                label="Note",
                required=False,
                widget=widgets.TextInput(attrs={"class": "form-control"}),
            )

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
        """What was done, from the cleaned form: only the sets ticked as done, each
        in the exercise's measure (the service puts the load in its unit)."""
        data = self.cleaned_data
        done = []
        for i, prescription in enumerate(self.prescriptions):
            measure = measure_of(prescription)
            sets = []
            for j in range(prescription.sets):
                if data.get(f"e{i}-s{j}-done"):
                    self._sent_sets[i, len(sets)] = j
                    sets.append(
                        SetDone(
                            **{measure: data[f"e{i}-s{j}-amount"]},
                            load=data[f"e{i}-s{j}-load"],
                        )
                    )
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

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put each of ``workout_log``'s refusals on the field it names (the rest
        above the form)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, errors in exc.error_dict.items():
            self.add_error(self._field_for(key), errors)

    def _field_for(self, key: str) -> str | None:
        if key in ("performed_on", "notes"):
            return key
        parts = key.split(".")
        if parts[0] != "exercises":
            return None
        i = int(parts[1])
        if len(parts) == 3:
            name = EXERCISE_FIELDS.get(parts[2])
            return f"e{i}-{name}" if name else None
        if len(parts) == 5:
            j = self._sent_sets.get((i, int(parts[3])))
            if j is not None:
                kind = "load" if parts[4].startswith("load") else "amount"
                return f"e{i}-s{j}-{kind}"
        return None


class CoachSettingsForm(forms.ModelForm):
    class Meta:
        model = CoachSettings
        fields = ["pain_threshold", "quiet_days"]


class DismissForm(forms.Form):
    # The service says when the note is too long (``NOTE_TOO_LONG``).
    note = forms.CharField(label="Why not? (optional)", required=False)
