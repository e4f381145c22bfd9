from django import forms
from django.core.exceptions import ValidationError

from core.images import ImageUploadField
from screening.models import Override, Questionnaire, Screening, Signature

YES_NO = [("yes", "Yes"), ("no", "No")]
WHERE_LIMIT = Screening._meta.get_field("where").max_length
NAME_LIMIT = Signature._meta.get_field("signed_name").max_length


class DocumentUploadField(ImageUploadField):
    """A clearance letter: a PDF, or a picture re-encoded by ``core.images`` as every
    image upload is. Judged by its content (``document_clean``), never by its name;
    its cleaned value is ``(bytes, content type)`` or None."""

    widget = forms.ClearableFileInput(
        attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"}
    )

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "A PDF or a picture (PNG, JPEG or WebP), at most 5 MB."
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        from screening.services import DOCUMENT_MAX_BYTES, document_clean

        upload = forms.FileField.clean(self, data, initial)
        if not upload or upload is initial:
            return None
        upload.seek(0)
        content = upload.read(DOCUMENT_MAX_BYTES + 1)
        try:
            return document_clean(content)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, required=False
    )


class ScreeningForm(forms.Form):
    """The health questions of one questionnaire version, each a yes or no; the
    service decides which must be answered (a follow-up only after a yes)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    where = forms.CharField(
        label="Where?",
        required=False,
        max_length=WHERE_LIMIT,
        help_text="Which bone, joint, part of your back or muscle.",
    )
    consent = forms.BooleanField(required=False)

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        for question in questionnaire.questions:
            self.fields[question["key"]] = _yes_no(question["text"])
            for followup in question.get("followups", []):
                self.fields[followup["key"]] = _yes_no(followup["text"])
        for item in questionnaire.temporary:
            self.fields[item["key"]] = _yes_no(item["text"])

    def answers(self) -> dict[str, bool | None]:
        data = self.cleaned_data
        keys = [
            name
            for name in self.fields
            if name not in ("version", "token", "where", "consent")
        ]
        return {key: {"yes": True, "no": False}.get(data.get(key)) for key in keys}

    def questions(self):
        """Each general question with its bound field and its follow-ups' fields,
        for the template."""
        for question in self.questionnaire.questions:
            yield {
                "field": self[question["key"]],
                "asks_where": question.get("asks_where", False),
                "followups": [self[f["key"]] for f in question.get("followups", [])],
            }

    def temporary(self):
        return [self[item["key"]] for item in self.questionnaire.temporary]


class WaiverForm(forms.Form):
    wording = forms.IntegerField(widget=forms.HiddenInput)
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    agree = forms.BooleanField(
        label="I have read the waiver and agree to sign it electronically.",
        required=False,
    )
    signed_name = forms.CharField(
        label="Type your full name", max_length=NAME_LIMIT, required=False
    )
    for_minor = forms.BooleanField(
        label="I sign for a minor, as their parent or guardian.", required=False
    )
    guardian_name = forms.CharField(
        label="Parent or guardian's full name", max_length=NAME_LIMIT, required=False
    )


class ClearanceForm(forms.Form):
    cleared_by = forms.CharField(
        label="Cleared by",
        max_length=200,
        help_text="The health professional's name and role.",
    )
    cleared_on = forms.DateField(
        label="Cleared on", widget=forms.DateInput(attrs={"type": "date"})
    )
    document = DocumentUploadField(label="Their letter or form", required=False)

    def document_bytes(self) -> bytes | None:
        """The document as checked by the field; the service checks it again."""
        document = self.cleaned_data.get("document")
        return document[0] if document else None


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why may training start without it?",
        max_length=Override._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
