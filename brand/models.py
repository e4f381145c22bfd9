from hashlib import sha256

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from brand import colours
from core.models import CanonicalEmailField, TimeStampedModel

DEFAULT_COLOUR = "#0d6efd"  # Bootstrap's own blue, 4.5:1 with white
COLOUR_FAILS = (
    "White text on {colour} has a contrast of {ratio:.1f}:1; buttons and links need "
    "at least 4.5:1 to be readable. Try {suggestion}, the same colour darkened until "
    "it passes."
)
COLOUR_INVALID = "Enter a colour as #rrggbb, for example #0d6efd."


def validate_colour(value: str) -> None:
    try:
        rgb = colours.parse(value)
    except ValueError:
        raise ValidationError(COLOUR_INVALID, code="invalid") from None
    ratio = colours.contrast(rgb, colours.WHITE)
    if ratio < colours.AA_CONTRAST:
        raise ValidationError(
            COLOUR_FAILS.format(
                colour=colours.to_hex(rgb),
                ratio=ratio,
                suggestion=colours.to_hex(colours.passing_shade(rgb)),
            ),
            code="contrast",
        )


class Brand(TimeStampedModel):
    """The coach's brand: one row (pk 1), edited in the admin.

    The photo and logo are kept in the row itself, so the database's backup holds
    them and every web process serves them without shared file storage.
    """

    SINGLETON_PK = 1

    business_name = models.CharField(max_length=80, default="Strength Coach")
    headline = models.CharField(
        max_length=120,
        default="Strength coaching that starts where you are",
        help_text="The first line of the home page.",
    )
    coach_name = models.CharField("coach's name", max_length=80, blank=True)
    story = models.TextField(
        "short story",
        blank=True,
        help_text="A paragraph or two about the coach, on the home page. "
        "A blank line starts a new paragraph.",
    )
    prices = models.TextField(
        "prices or packages",
        blank=True,
        help_text="Shown on the home page as written, one package a line.",
    )
    email = CanonicalEmailField("contact email", blank=True)
    phone = models.CharField("contact phone", max_length=40, blank=True)
    address = models.TextField(blank=True, help_text="Where clients train.")
    colour = models.CharField(
        "brand colour",
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_colour],
        help_text="Buttons, links and highlights. It must be dark enough for white "
        "text (a contrast of 4.5:1); a lighter one is refused with a suggestion.",
    )
    photo = models.BinaryField(blank=True, null=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    logo = models.BinaryField(blank=True, null=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = "brand"
        verbose_name_plural = "brand"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="brand_single_row"),
        ]

    def __str__(self):
        return self.business_name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @property
    def version(self) -> str:
        """Changes whenever the brand does: the cache key of its stylesheet and
        pictures."""
        stamp = self.updated_at.isoformat() if self.updated_at else "default"
        return sha256(f"{stamp}{self.colour}".encode()).hexdigest()[:12]

    @property
    def theme(self) -> dict[str, str]:
        return colours.theme(self.colour)

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_type)

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_type)

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone or self.address)

    def stylesheet_url(self) -> str:
        return f"{reverse('brand_css')}?v={self.version}"

    def photo_url(self) -> str:
        return f"{reverse('brand_image', args=['photo'])}?v={self.version}"

    def logo_url(self) -> str:
        return f"{reverse('brand_image', args=['logo'])}?v={self.version}"
