"""The brand's photo and logo: PNG, JPEG or WebP only, recognised by their first bytes.

SVG is refused: it is a document that can carry script, and a picture the owner
uploads should not be able to run anything on the site's origin.
"""

from django.core.exceptions import ValidationError

MAX_BYTES = 2 * 1024 * 1024
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
NOT_AN_IMAGE = (
    "Upload a PNG, JPEG or WebP picture (SVG and other files are not accepted)."
)
TOO_BIG = "Upload a picture of at most 2 MB; this one is {size:.1f} MB."


def image_type(data: bytes) -> str | None:
    """The content type of a PNG, JPEG or WebP, from its signature; None for any
    other file."""
    for signature, content_type in SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_check(data: bytes) -> str:
    """The content type of an acceptable upload, or a ValidationError saying why not."""
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_BIG.format(size=len(data) / 1024 / 1024))
    content_type = image_type(data)
    if content_type is None:
        raise ValidationError(NOT_AN_IMAGE)
    return content_type
