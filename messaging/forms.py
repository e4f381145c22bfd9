import uuid

from django import forms
from django.core.exceptions import ValidationError

from clients.models import Client
from core.images import ImageUploadField
from messaging.attachments import (
    NOT_TAKEN,
    attachment_check,
    attachment_clean,
    help_text,
    photo_max_bytes,
    video_max_bytes,
)
from messaging.models import BODY_MAX_LENGTH

ACCEPT = "image/png,image/jpeg,image/webp,video/mp4,video/quicktime,video/webm"


class AttachmentField(ImageUploadField):
    """A photo or a video: a photo through ``core.images`` (decoded, re-encoded,
    no location), a video by its container's signature; the cleaned value is a
    ``CleanAttachment``, or None when nothing was attached."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = forms.FileField.clean(self, data, initial)
        if not upload or upload is initial:
            return None
        upload.seek(0)
        head = upload.read(16)
        if len(head) < 12:
            raise ValidationError(NOT_TAKEN, code="not_taken")
        # Refused from its first bytes and size, before the rest is read.
        attachment_check(head, upload.size or 0)
        upload.seek(0)
        limit = max(photo_max_bytes(), video_max_bytes())
        return attachment_clean(upload.read(limit + 1))


class MessageForm(forms.Form):
    """A message in a thread; with ``workout`` (and ``exercise``), a comment."""

    uid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    body = forms.CharField(
        label="Message",
        required=False,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = AttachmentField(label="Photo or video", required=False)
    workout = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
    )
    exercise = forms.IntegerField(
        label="About", required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = help_text()


class SendManyForm(forms.Form):
    """One message to several clients, each in their own thread."""

    uid = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    clients = forms.ModelMultipleChoiceField(
        queryset=Client.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = clients


class FormCheckForm(forms.Form):
    """A video or photo of one exercise, sent with a workout logged on the phone
    (also with no signal: it follows the workout once the workout is stored)."""

    uid = forms.UUIDField(widget=forms.HiddenInput)
    workout_uid = forms.UUIDField(widget=forms.HiddenInput)
    prescription = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1
    )
    attachment = AttachmentField(label="Form check: a video or photo")
