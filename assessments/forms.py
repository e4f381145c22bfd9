from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Assessment, Protocol, ScreenTest
from assessments.selectors import SheetRow, by_area
from assessments.services.assessments import (
    NOT_IN_PROTOCOL,
    NOTHING_CHOSEN,
    OVERRIDE_NEEDS_REASON,
    REASON_LIMIT,
    RungChoice,
)
from assessments.services.screens import TEST_FIELDS
from programming.selectors import StartingPoint

NOT_RECORDED = ""  # the empty answer of a radio group: "not recorded"


class AssessmentStartForm(forms.Form):
    protocol = forms.ModelChoiceField(
        queryset=Protocol.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="The screen to run. You can save it as a draft and finish later.",
    )
    assessed_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
        ),
    )

    def __init__(self, *args, protocols, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].queryset = protocols
        self.fields["assessed_on"].initial = timezone.localdate()


def _result_field(test: ScreenTest) -> forms.Field:
    if test.kind == ScreenTest.Kind.NUMBER:
        return forms.DecimalField(
            label=test.name,
            required=False,
            widget=forms.NumberInput(
                attrs={
                    "inputmode": "decimal",
                    "step": "0.1",
                    "min": test.min_value,
                    "max": test.max_value,
                    "class": "form-control form-control-lg",
                }
            ),
        )
    by_text = {str(value): value for value, _ in test.answers}
    return forms.TypedChoiceField(
        label=test.name,
        required=False,
        choices=[(NOT_RECORDED, "Not recorded")]
        + [(str(value), words) for value, words in test.answers],
        coerce=by_text.__getitem__,
        empty_value=None,
        widget=forms.RadioSelect,
    )


class ResultsForm(forms.Form):
    """The sheet of an assessment: one result and one note per test of its
    protocol, plus the date and the trainer's notes. Rendered one card per test,
    grouped by pattern."""

    assessed_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-lg"},
            format="%Y-%m-%d",
        ),
    )
    notes = forms.CharField(
        label="Notes on the whole assessment",
        required=False,
        max_length=Assessment._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, rows: list[SheetRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            result = self.fields[self.result_name(row.test.pk)] = _result_field(
                row.test
            )
            note = self.fields[self.note_name(row.test.pk)] = forms.CharField(
                label="Note", required=False, max_length=300
            )
            if row.result is not None:
                value = row.result.value
                result.initial = value if row.test.kind == "number" else str(value)
                note.initial = row.result.note

    @staticmethod
    def result_name(test_id) -> str:
        return f"result_{test_id}"

    @staticmethod
    def note_name(test_id) -> str:
        return f"note_{test_id}"

    @property
    def groups(self):
        """[(pattern, label, [(test, result field, note field)])] for the template."""
        return [
            (
                area,
                label,
                [
                    (
                        row.test,
                        self[self.result_name(row.test.pk)],
                        self[self.note_name(row.test.pk)],
                    )
                    for row in rows
                ],
            )
            for area, label, rows in by_area(self.rows)
        ]

    def clean(self):
        cleaned = super().clean()
        for key in self.data:
            if key.startswith("result_") and key not in self.fields:
                raise ValidationError(NOT_IN_PROTOCOL)
        return cleaned

    def results(self) -> dict[int, object]:
        return {
            row.test.pk: self.cleaned_data[self.result_name(row.test.pk)]
            for row in self.rows
        }

    def notes_by_test(self) -> dict[int, str]:
        return {
            row.test.pk: self.cleaned_data[self.note_name(row.test.pk)]
            for row in self.rows
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors (keyed by test id, "<id>-note" or a field) on
        the right fields."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            test_id, _, part = key.partition("-")
            name = (
                self.note_name(test_id) if part == "note" else self.result_name(test_id)
            )
            if key in self.fields:
                name = key
            self.add_error(name if name in self.fields else None, messages)


class StartRungsForm(forms.Form):
    """For each recommended pattern: set it or not, the rung (the recommended one
    unless overridden) and the reason for an override."""

    def __init__(
        self, *args, options: dict[str, StartingPoint], decided=frozenset(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.options = options
        for pattern, option in options.items():
            self.fields[f"{pattern}-apply"] = forms.BooleanField(
                label=f"Set {pattern}", required=False, initial=pattern not in decided
            )
            self.fields[f"{pattern}-rung"] = forms.TypedChoiceField(
                label="Start on",
                choices=[
                    (
                        rung.variation_id,
                        f"{rung.position}. {rung.variation.name}"
                        + (" (recommended)" if rung == option.rung else ""),
                    )
                    for rung in option.rungs
                ],
                coerce=int,
                initial=option.rung.variation_id,
            )
            self.fields[f"{pattern}-jump"] = forms.BooleanField(
                label="Yes, move this many rungs at once",
                required=False,
            )
            self.fields[f"{pattern}-reason"] = forms.CharField(
                label="Reason for another rung",
                required=False,
                max_length=REASON_LIMIT,
                help_text="Needed when you choose another rung. The client sees it.",
            )

    @property
    def rows(self):
        return [
            (
                option,
                self[f"{pattern}-apply"],
                self[f"{pattern}-rung"],
                self[f"{pattern}-reason"],
                self[f"{pattern}-jump"],
            )
            for pattern, option in self.options.items()
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [p for p in self.options if cleaned.get(f"{p}-apply")]
        if not chosen:
            raise ValidationError(NOTHING_CHOSEN)
        for pattern in chosen:
            rung = cleaned.get(f"{pattern}-rung")
            recommended = self.options[pattern].rung.variation_id
            if rung not in (None, recommended) and not cleaned.get(f"{pattern}-reason"):
                self.add_error(f"{pattern}-reason", OVERRIDE_NEEDS_REASON)
        return cleaned

    def choices(self) -> list[RungChoice]:
        data = self.cleaned_data
        return [
            RungChoice(
                p, data[f"{p}-rung"], data[f"{p}-reason"], data.get(f"{p}-jump", False)
            )
            for p in self.options
            if data.get(f"{p}-apply")
        ]

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            name = key if key in self.fields else f"{key}-rung"
            self.add_error(name if name in self.fields else None, messages)


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(queryset=Assessment.objects.none(), label="Compare")
    second = forms.ModelChoiceField(queryset=Assessment.objects.none(), label="with")

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = assessments
            self.fields[name].label_from_instance = lambda a: (
                f"{a.assessed_on:%d %b %Y}: {a.protocol.name}"
            )


class ScreenTestForm(forms.ModelForm):
    """A trainer's own test. Pass ``instance=ScreenTest(owner=trainer)`` for a new
    one, so that the name is checked against the trainer's other tests."""

    options = forms.CharField(
        label="Answers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a list of answers only: one per line, best first.",
    )

    class Meta:
        model = ScreenTest
        fields = TEST_FIELDS
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "unit": "For a number only.",
            "min_value": "For a number only.",
            "max_value": "For a number only.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["options"] = "\n".join(words for _, words in self.instance.options)

    def clean_options(self) -> list[list[str]]:
        """One answer per line; each gets a stable value made from its words."""
        options = []
        for line in self.cleaned_data["options"].splitlines():
            line = line.strip()
            if line:
                value = slugify(line)[:40] or f"answer-{len(options) + 1}"
                options.append([value, line])
        return options

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProtocolForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    tests = forms.ModelMultipleChoiceField(
        queryset=ScreenTest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="They are asked grouped by pattern, in the order listed here.",
    )

    def __init__(self, *args, tests: Iterable[ScreenTest], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tests"].queryset = tests

    @property
    def test_groups(self):
        """The test checkboxes grouped by pattern, for the template."""
        return by_area(
            self["tests"], area=lambda box: box.data["value"].instance.pattern
        )

    def ordered_tests(self) -> list[ScreenTest]:
        """The chosen tests grouped by pattern, general first, in list order."""
        return [
            test
            for _, _, group in by_area(self.cleaned_data["tests"])
            for test in group
        ]
