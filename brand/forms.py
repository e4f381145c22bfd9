from django import forms
from django.core.exceptions import ValidationError

from brand.images import image_check
from brand.models import Brand

IMAGE_INPUT = forms.ClearableFileInput(
    attrs={"accept": "image/png,image/jpeg,image/webp"}
)


class BrandForm(forms.ModelForm):
    """The brand as the owner edits it, with the photo and logo as uploads."""

    photo_upload = forms.FileField(
        label="Photo of the coach",
        required=False,
        help_text="PNG, JPEG or WebP, at most 2 MB. Shown on the home page.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
    )
    photo_remove = forms.BooleanField(label="Remove the photo", required=False)
    logo_upload = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG or WebP, at most 2 MB. Shown beside the business name in "
        "the menu bar and on printouts; about 80 × 80 pixels or wider.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
    )
    logo_remove = forms.BooleanField(label="Remove the logo", required=False)

    class Meta:
        model = Brand
        fields = [
            "business_name",
            "headline",
            "coach_name",
            "story",
            "prices",
            "email",
            "phone",
            "address",
            "colour",
        ]
        # A text field: the browser's colour picker styles itself inline, which the
        # site's content security policy refuses.
        widgets = {
            "colour": forms.TextInput(attrs={"placeholder": "#0d6efd", "size": 9})
        }

    def _upload(self, name: str) -> bytes | None:
        upload = self.cleaned_data.get(f"{name}_upload")
        if not upload:
            return None
        data = upload.read()
        try:
            image_check(data)
        except ValidationError as exc:
            self.add_error(f"{name}_upload", exc)
            return None
        return data

    def clean(self):
        cleaned = super().clean()
        self.images: dict[str, bytes | None] = {}
        for name in ("photo", "logo"):
            data = self._upload(name)
            if data is not None:
                self.images[name] = data
            elif cleaned.get(f"{name}_remove"):
                self.images[name] = None
        return cleaned
