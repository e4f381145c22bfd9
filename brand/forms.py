from django import forms

from brand.models import Brand
from core.images import MAX_SIDE, CleanImage, ImageUploadField


class BrandForm(forms.ModelForm):
    """The brand as the owner edits it, with the photo and logo as uploads."""

    photo_upload = ImageUploadField(
        label="Photo of the coach",
        required=False,
        help_text=f"PNG, JPEG or WebP, at most 2 MB and {MAX_SIDE:,} pixels a side. "
        "Shown on the home page.",
    )
    photo_remove = forms.BooleanField(label="Remove the photo", required=False)
    logo_upload = ImageUploadField(
        label="Logo",
        required=False,
        help_text=f"PNG, JPEG or WebP, at most 2 MB and {MAX_SIDE:,} pixels a side. "
        "Shown beside the business name in the menu bar and on printouts; about "
        "80 × 80 pixels or wider.",
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

    def clean(self):
        cleaned = super().clean()
        # Each upload is already decoded and re-encoded by its field.
        self.images: dict[str, CleanImage | None] = {}
        for name in ("photo", "logo"):
            upload = cleaned.get(f"{name}_upload")
            if upload is not None:
                self.images[name] = upload
            elif cleaned.get(f"{name}_remove"):
                self.images[name] = None
        return cleaned
