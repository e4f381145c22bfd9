import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import Http404

from clients.models import Client
from programming.models import (
    Assignment,
    Ladder,
    Pattern,
    Prescription,
    Program,
    TrainingDay,
    Variation,
)
from programming.models.library import MAX_CUE_LENGTH, MAX_CUES
from programming.models.prescription import PRESCRIPTION_FIELDS
from programming.selectors.starts import first_dose
from programming.services.library import VARIATION_FIELDS


class OwnedChoiceField(forms.ModelChoiceField):
    """A choice among the objects the acting trainer may use.

    The form only offers those, so an id outside them was typed in by hand: it is
    answered like a URL naming another trainer's object, with a 404."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise Http404("No such choice") from None


class PatternGroupedIterator(ModelChoiceIterator):
    """Variations grouped by pattern, in the coach's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for variation in self.queryset:
            groups.setdefault(variation.pattern, []).append(self.choice(variation))
        for pattern in Pattern:
            if pattern in groups:
                yield (pattern.label, groups[pattern])


class OwnedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several of the objects the acting trainer may use, in the order the page
    listed them; an id outside them is a 404, as in ``OwnedChoiceField``."""

    def _check_values(self, value):
        try:
            chosen = {str(obj.pk): obj for obj in super()._check_values(value)}
        except ValidationError:
            raise Http404("No such choice") from None
        return [chosen[str(pk)] for pk in dict.fromkeys(value) if str(pk) in chosen]


class VariationChoiceField(OwnedChoiceField):
    iterator = PatternGroupedIterator

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "Choose a variation")
        super().__init__(*args, **kwargs)


class CuesField(forms.CharField):
    """Cues typed one per line, kept as a list."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def _prescription_layout(*first: str) -> Layout:
    return Layout(
        *first,
        Row(
            Column("sets", css_class="col-6 col-md-3"),
            Column("reps", css_class="col-6 col-md-3"),
            Column("seconds", css_class="col-6 col-md-3"),
            Column("distance_m", css_class="col-6 col-md-3"),
        ),
        Row(
            Column("load", css_class="col-6 col-md-3"),
            Column("load_unit", css_class="col-6 col-md-3"),
            Column("tempo", css_class="col-6 col-md-3"),
            Column("rest_seconds", css_class="col-6 col-md-3"),
        ),
        Field("notes", rows=2),
    )


class _CrispyMixin:
    """Crispy renders the fields; the template writes the <form> tag and buttons."""

    layout: Layout | None = None

    def _helper(self, layout: Layout | None = None) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if layout is not None:
            self.helper.layout = layout


class VariationForm(_CrispyMixin, forms.ModelForm):
    cues = CuesField(
        required=False,
        max_length=MAX_CUES * (MAX_CUE_LENGTH + 1),
        help_text=f"One short cue per line, in the order you teach them "
        f"(at most {MAX_CUES}).",
    )

    video_url = forms.URLField(
        label="Video link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A link to a video showing it, if you have one.",
    )

    class Meta:
        model = Variation
        fields = VARIATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class LadderForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Ladder
        fields = ["name", "pattern", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["pattern"]  # the rungs are of this pattern
        self._helper()


class RungForm(forms.Form):
    variation = VariationChoiceField(queryset=Variation.objects.none())
    position = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        help_text="1 is the easiest. Empty: at the top.",
    )

    def __init__(self, *args, variations: QuerySet[Variation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variation"].queryset = variations


class StepForm(forms.Form):
    """Why a client moves a rung up or down (optional). Its length is the
    assignment service's to judge, as for the API: a reason too long is refused with
    its message, never cut."""

    reason = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Why? (optional)"}),
    )


class ProgramForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "ends_on", "notes"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, for_template: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_template:
            del self.fields["ends_on"]  # a template is no one's block
        self._helper()


class ProgramNewForm(ProgramForm):
    template = OwnedChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label="Start empty",
        help_text="Start from one of your templates: its days and exercises are "
        "copied.",
    )

    class Meta(ProgramForm.Meta):
        fields = ["name", "template", "ends_on", "notes"]

    def __init__(self, *args, templates: QuerySet[Program] | None = None, **kwargs):
        super().__init__(*args, for_template=templates is None, **kwargs)
        if templates is None:
            del self.fields["template"]
        else:
            self.fields["template"].queryset = templates


class ProgramCopyForm(_CrispyMixin, forms.Form):
    client = OwnedChoiceField(
        queryset=Client.objects.none(),
        required=False,
        empty_label="Nobody: save it as a template",
        label="Copy to",
    )
    name = forms.CharField(max_length=120)

    def __init__(self, *args, clients: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self._helper()


class TrainingDayForm(_CrispyMixin, forms.ModelForm):
    class Meta:
        model = TrainingDay
        fields = ["name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"name": "For example “Day A” or “Monday: lower body”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


FOLLOW, PIN = "follow", "pin"


class PrescriptionForm(_CrispyMixin, forms.ModelForm):
    """An exercise of a program: the variation, whether it follows the ladder, and
    what to do with it. Left unchosen, ``follows_ladder`` is None and the service
    decides by the variation."""

    variation = VariationChoiceField(queryset=Variation.objects.none())
    follows_ladder = forms.TypedChoiceField(
        label="Ladder",
        choices=[
            (
                FOLLOW,
                "Follows the ladder: always the client's current rung, moved by "
                "Progress and Regress",
            ),
            (PIN, "Pinned: stays as chosen here, whatever the client's rung"),
        ],
        coerce=lambda value: value == FOLLOW,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Left unchosen, it follows the ladder when the variation is the "
        "client's current rung, and is pinned otherwise.",
    )
    first_fields: tuple[str, ...] = ("variation", "follows_ladder")

    class Meta:
        model = Prescription
        fields = ["variation", *PRESCRIPTION_FIELDS]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, variations: QuerySet[Variation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variation"].queryset = variations
        if "follows_ladder" in self.fields and self.instance.pk:
            self.initial.setdefault(
                "follows_ladder", FOLLOW if self.instance.follows_ladder else PIN
            )
            self.fields["follows_ladder"].help_text = ""  # always chosen by now
        self._helper(_prescription_layout(*self.first_fields))


class PrescriptionBatchForm(forms.ModelForm):
    """Several exercises for a day at once: the variations ticked, in the page's
    order, and the dose of those that are not the client's current rung. The
    template lays it out: the ticks come from ``ExerciseChoices``."""

    variations = OwnedMultipleChoiceField(
        queryset=Variation.objects.none(),
        error_messages={"required": "Tick at least one exercise to add."},
    )
    # Carries are walked instead of counted: each set is this far.
    carry_distance_m = first_dose(Pattern.CARRY)["distance_m"]

    class Meta:
        model = Prescription
        fields = ["sets", "reps", "load", "load_unit"]
        widgets = {
            "sets": forms.NumberInput(attrs={"class": "form-control"}),
            "reps": forms.NumberInput(attrs={"class": "form-control"}),
            "load": forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            "load_unit": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, variations: QuerySet[Variation], day_pk: int, **kwargs):
        kwargs.setdefault("initial", {"reps": 8})
        super().__init__(*args, auto_id=f"day{day_pk}-%s", **kwargs)
        self.day_pk = day_pk
        self.fields["variations"].queryset = variations


class AssignmentForm(PrescriptionForm):
    """The variation a client is on for a pattern, its prescription, and why."""

    follows_ladder = None  # an assignment is the ladder
    first_fields = ("variation",)

    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Kept in the history, for example “assessment” or “knee "
        "pain on the floor”.",
    )

    class Meta(PrescriptionForm.Meta):
        model = Assignment

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append("reason")


class MoveForm(forms.Form):
    direction = forms.TypedChoiceField(
        choices=[("-1", "Up"), ("1", "Down")], coerce=int
    )


class IdListField(forms.Field):
    """A list of ids; which ones are acceptable is the service's to say."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = list(value or [])
        if len(values) > 100 or not all(
            re.fullmatch(r"[0-9]{1,9}", str(v)) for v in values
        ):
            raise ValidationError("Not a list of ids.", code="invalid")
        return [int(v) for v in values]


class ReorderForm(forms.Form):
    """The ids of a day's exercises in their new order, as a drag leaves them."""

    order = IdListField()


class SupersetForm(forms.Form):
    joined = forms.TypedChoiceField(
        choices=[("1", "Superset with the one above"), ("0", "Split the superset")],
        coerce=lambda value: value == "1",
    )


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label="Search the library",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name", "class": "form-control"}
        ),
    )
    pattern = forms.ChoiceField(
        choices=[("", "All patterns"), *Pattern.choices], required=False
    )
