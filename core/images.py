"""Uploaded pictures, decoded, bounded and re-encoded before anything keeps them.

Every image the site takes goes through ``image_clean`` (forms use
``ImageUploadField``, services call it on the bytes they are given), so what is
stored and served is only ever the picture Pillow drew: a PNG that is also an HTML
page loses the page, metadata (EXIF, with its camera and GPS position) is dropped,
and a picture that would decode to more than ``MAX_SIDE`` pixels a side is refused
from its header, before it is decoded. PNG, JPEG and WebP keep their format; SVG and
everything else is refused, since a document can carry script.
"""

import io
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = MAX_SIDE * MAX_SIDE
# Pillow warns above this many pixels and refuses above twice as many; both are
# refusals here (see image_clean), so nothing larger is ever decoded in a process.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
ACCEPT = ",".join(FORMATS.values())
JPEG_QUALITY = 90
WEBP_QUALITY = 90

NOT_AN_IMAGE = (
    "Upload a PNG, JPEG or WebP picture (SVG and other files are not accepted)."
)
TOO_BIG = "Upload a picture of at most 2 MB; this one is {size:.1f} MB."
TOO_LARGE = (
    "Upload a picture of at most {max_side:,} × {max_side:,} pixels; this one is "
    "{width:,} × {height:,}."
)
TOO_LARGE_UNKNOWN = (
    "Upload a picture of at most {max_side:,} × {max_side:,} pixels; this one is "
    "far larger."
)
UNREADABLE = "This picture could not be read; save it again as PNG, JPEG or WebP."


@dataclass(frozen=True)
class CleanImage:
    """A picture as ``image_clean`` re-encoded it: only ever these bytes are kept."""

    data: bytes
    content_type: str
    width: int
    height: int


def _too_large(width: int, height: int) -> ValidationError:
    return ValidationError(
        TOO_LARGE.format(max_side=MAX_SIDE, width=width, height=height),
        code="too_large",
    )


def _open(data: bytes) -> Image.Image:
    """The picture's header, read (not decoded), or a ValidationError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ValidationError(
                TOO_LARGE_UNKNOWN.format(max_side=MAX_SIDE), code="too_large"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    width, height = picture.size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _too_large(width, height)
    if width < 1 or height < 1:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    return picture


def image_clean(data: bytes, *, max_bytes: int = MAX_BYTES) -> CleanImage:
    """``data`` decoded and drawn again in its own format, without metadata or any
    byte that is not the picture; a ValidationError saying why not. A caller that
    takes larger files (a phone's photo in a message) says so with ``max_bytes``, and
    its own refusal states its limit."""
    if len(data) > max_bytes:
        raise ValidationError(
            TOO_BIG.format(size=len(data) / 1024 / 1024), code="too_big"
        )
    picture = _open(data)
    image_format = picture.format
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture.load()  # the first frame only: an animation keeps its first
            # Turned upright as the camera meant, since the orientation tag goes.
            picture = ImageOps.exif_transpose(picture)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_large(*picture.size) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(UNREADABLE, code="unreadable") from None

    has_alpha = picture.mode in ("RGBA", "LA", "PA") or ("transparency" in picture.info)
    mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
    # A new image holds the pixels and nothing else: no EXIF, ICC, text chunks.
    clean = picture.convert(mode)
    clean.info = {}
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY)
    elif image_format == "WEBP":
        clean.save(out, "WEBP", quality=WEBP_QUALITY)
    else:
        clean.save(out, "PNG")
    return CleanImage(
        data=out.getvalue(),
        content_type=FORMATS[image_format],
        width=clean.width,
        height=clean.height,
    )


class ImageUploadField(forms.FileField):
    """An upload that is a picture: its cleaned value is a ``CleanImage`` (or None
    when nothing was uploaded), re-encoded by ``image_clean``; every image a form
    takes uses this field (tests/test_images.py fails on one that does not)."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"PNG, JPEG or WebP, at most 2 MB and {MAX_SIDE:,} × {MAX_SIDE:,} pixels.",
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        if upload.size is not None and upload.size > MAX_BYTES:
            raise ValidationError(
                TOO_BIG.format(size=upload.size / 1024 / 1024), code="too_big"
            )
        upload.seek(0)
        return image_clean(upload.read(MAX_BYTES + 1))
