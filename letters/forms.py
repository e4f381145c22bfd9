from django import forms

from letters.imports import MAX_FILE_BYTES
from letters.models import Issue


class IssueForm(forms.ModelForm):
    source_url = forms.URLField(
        label=Issue._meta.get_field("source_url").verbose_name.capitalize(),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=Issue._meta.get_field("source_url").help_text,
    )

    class Meta:
        model = Issue
        fields = ["subject", "body", "source_url", "include_clients"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class IssueScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text="In your time zone.",
    )


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label="Subscriber list (CSV)",
        help_text="Columns: email, first name, where they agreed, when they agreed "
        "(2024-03-01 or 2024-03-01 14:30).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("This file is over 5 MB.")
        return upload
