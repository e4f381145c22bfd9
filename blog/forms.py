from django import forms

from blog.models import Post, Series
from core.images import ImageUploadField


class PostForm(forms.ModelForm):
    """A post as its writer edits it, with the cover as an upload."""

    new_series = forms.CharField(
        label="Or start a new series",
        max_length=120,
        required=False,
        help_text="Its name, such as “The six patterns”.",
    )
    cover_upload = ImageUploadField(label="Cover picture", required=False)

    class Meta:
        model = Post
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "cover_alt",
            "pattern",
            "series",
            "series_part",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        }
        labels = {"slug": "Address", "pattern": "Pattern it belongs to"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["series"].queryset = Series.objects.order_by("title")
        self.order_fields(
            [
                "title",
                "slug",
                "summary",
                "cover_upload",
                "cover_alt",
                "body",
                "pattern",
                "series",
                "new_series",
                "series_part",
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("cover_upload") and not data.get("cover_alt"):
            self.add_error("cover_alt", "Say in a few words what the picture shows.")
        return data

    def _get_validation_exclusions(self):
        # The service checks the series and its part, a series started here
        # included, and says which post holds a part already taken.
        return super()._get_validation_exclusions() | {"series", "series_part"}

    def validate_unique(self):
        """The service checks the address and the part, with messages that say
        which post has them."""


class ImageForm(forms.Form):
    picture = ImageUploadField(label="Picture for the body")


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text="In your time zone.",
    )
