"""A photo or a short video attached to a message, checked by its content, never by
its name or the type the browser claims.

A photo is decoded and drawn again by ``core.images`` (no metadata survives: no EXIF,
so no GPS position). A video is kept as sent, once its first bytes show a container a
phone records: MP4 or QuickTime (an ``ftyp`` box) or WebM (an EBML header). Anything
else is refused with a sentence saying what is taken.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from core.images import MAX_SIDE, image_clean

NOT_TAKEN = (
    "Attach a photo (PNG, JPEG or WebP) or a video (MP4, MOV or WebM); this file is "
    "neither."
)
PHOTO_TOO_BIG = "Attach a photo of at most {limit} MB; this one is {size:.1f} MB."
VIDEO_TOO_BIG = "Attach a video of at most {limit} MB; this one is {size:.1f} MB."
QUOTA_FULL = (
    "The business's storage for photos and videos is full ({limit} MB). Send the "
    "message without it, or ask the owner to make room."
)
PHOTO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF")
WEBM_SIGNATURE = b"\x1a\x45\xdf\xa3"
# The ``ftyp`` brands of MP4 and QuickTime that phones record.
QUICKTIME_BRAND = b"qt  "
MB = 1024 * 1024


@dataclass(frozen=True)
class CleanAttachment:
    """What is kept: the bytes, their type, and which kind of message they make."""

    data: bytes
    content_type: str
    kind: str  # "photo" or "video"

    @property
    def extension(self) -> str:
        return {
            "image/png": ".png",
            "image/jpeg": ".jpg",
            "image/webp": ".webp",
            "video/mp4": ".mp4",
            "video/quicktime": ".mov",
            "video/webm": ".webm",
        }[self.content_type]


def video_type(head: bytes) -> str | None:
    """The content type of a video container from its first bytes, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:12] == QUICKTIME_BRAND else "video/mp4"
    if head.startswith(WEBM_SIGNATURE):
        return "video/webm"
    return None


def is_photo(head: bytes) -> bool:
    if head.startswith(b"RIFF"):
        return head[8:12] == b"WEBP"
    return head.startswith(PHOTO_SIGNATURES)


def video_max_bytes() -> int:
    return settings.MESSAGING_VIDEO_MAX_MB * MB


def photo_max_bytes() -> int:
    return settings.MESSAGING_PHOTO_MAX_MB * MB


def attachment_check(head: bytes, size: int) -> str | None:
    """From a file's first 16 bytes and its size: the video's content type (None
    for a photo), or a ValidationError for what is not taken or is too big."""
    if is_photo(head):
        if size > photo_max_bytes():
            raise ValidationError(
                PHOTO_TOO_BIG.format(
                    limit=settings.MESSAGING_PHOTO_MAX_MB, size=size / MB
                ),
                code="too_big",
            )
        return None
    content_type = video_type(head)
    if content_type is None:
        raise ValidationError(NOT_TAKEN, code="not_taken")
    if size > video_max_bytes():
        raise ValidationError(
            VIDEO_TOO_BIG.format(limit=settings.MESSAGING_VIDEO_MAX_MB, size=size / MB),
            code="too_big",
        )
    return content_type


def attachment_clean(data: bytes) -> CleanAttachment:
    """``data`` as it may be kept (a photo re-encoded, a video as sent), or a
    ValidationError saying why not."""
    content_type = attachment_check(data[:16], len(data))
    if content_type is None:
        clean = image_clean(data, max_bytes=photo_max_bytes())
        return CleanAttachment(clean.data, clean.content_type, "photo")
    return CleanAttachment(data, content_type, "video")


def help_text() -> str:
    return (
        f"A photo (at most {settings.MESSAGING_PHOTO_MAX_MB} MB and "
        f"{MAX_SIDE:,} × {MAX_SIDE:,} pixels; its location is removed) or a video "
        f"(MP4, MOV or WebM, at most {settings.MESSAGING_VIDEO_MAX_MB} MB)."
    )
