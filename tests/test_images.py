"""Every picture the site takes is decoded, bounded and re-encoded by core.images.

The walk below fails on any image upload in a form or model of the project that does
not use ``ImageUploadField`` (and so ``image_clean``).
"""

import importlib
import io
import time
from functools import cache
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from PIL import Image, ImageCms, PngImagePlugin

from core.images import (
    MAX_SIDE,
    NOT_AN_IMAGE,
    TOO_BIG,
    ImageUploadField,
    image_clean,
)
from tests.brand.images import HTML, PNG, POLYGLOT, SVG, png, png_bomb, png_declaring

IMAGE_WORDS = ("image", "photo", "logo", "picture", "avatar", "icon")


@cache
def bomb() -> bytes:
    return png_bomb(20_000)


def _picture(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_png_that_is_also_a_web_page_is_kept_as_the_picture_alone():
    assert HTML in POLYGLOT
    assert _picture(POLYGLOT).size == (2, 2)

    clean = image_clean(POLYGLOT)

    assert clean.content_type == "image/png"
    assert b"<html" not in clean.data
    assert b"script" not in clean.data
    assert b"tEXt" not in clean.data
    picture = _picture(clean.data)
    assert picture.format == "PNG"
    assert picture.size == (2, 2)
    assert picture.getpixel((1, 1))[:3] == (128, 0, 0)
    # Nothing after the end of the picture.
    assert clean.data.endswith(b"IEND\xaeB`\x82")


def test_a_header_declaring_100000_pixels_a_side_is_refused_before_decoding():
    declared = png_declaring(100_000, 100_000)
    assert len(declared) < 200

    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        image_clean(declared)

    assert time.monotonic() - started < 1
    assert refused.value.code == "too_large"
    assert f"at most {MAX_SIDE:,} × {MAX_SIDE:,} pixels" in refused.value.messages[0]


def test_a_real_20000_pixel_picture_compressed_small_is_refused_quickly():
    data = bomb()
    assert len(data) < 1_200_000

    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        image_clean(data)

    assert time.monotonic() - started < 1
    assert refused.value.code == "too_large"


@pytest.mark.parametrize(("width", "height"), [(MAX_SIDE + 1, 1), (1, MAX_SIDE + 1)])
def test_one_side_too_long_is_refused_with_its_size(width, height):
    with pytest.raises(ValidationError) as refused:
        image_clean(png(width, height))

    assert f"this one is {width:,} × {height:,}" in refused.value.messages[0]


def test_a_picture_at_the_bound_is_taken():
    assert image_clean(png(MAX_SIDE, 1)).width == MAX_SIDE


def test_exif_is_dropped_from_a_jpeg_and_the_picture_stays_upright():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: turned a quarter; shown upright it is 20 wide
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    assert b"SecretCam" in out.getvalue()

    clean = image_clean(out.getvalue())

    assert clean.content_type == "image/jpeg"
    assert b"SecretCam" not in clean.data
    assert b"Exif" not in clean.data
    picture = _picture(clean.data)
    assert not picture.getexif()
    assert picture.size == (20, 40)


def test_a_png_loses_its_colour_profile_and_text_chunks():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Dana at 51.5N 0.1W")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG", icc_profile=profile, pnginfo=text)
    assert b"iCCP" in out.getvalue()

    clean = image_clean(out.getvalue())

    assert b"iCCP" not in clean.data
    assert b"Dana" not in clean.data
    assert _picture(clean.data).info == {}


@pytest.mark.parametrize(
    ("image_format", "content_type"), [("WEBP", "image/webp"), ("PNG", "image/png")]
)
def test_a_picture_keeps_its_format_and_its_transparency(image_format, content_type):
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, image_format)

    clean = image_clean(out.getvalue())

    assert clean.content_type == content_type
    assert _picture(clean.data).format == image_format
    assert _picture(clean.data).getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    "data",
    [SVG, HTML, b"GIF89a" + b"\0" * 20, PNG[:40], b""],
    ids=["svg", "html", "gif", "truncated", "empty"],
)
def test_anything_but_a_png_jpeg_or_webp_is_refused(data):
    with pytest.raises(ValidationError) as refused:
        image_clean(data)

    assert refused.value.messages[0] in (
        NOT_AN_IMAGE,
        "This picture could not be read; save it again as PNG, JPEG or WebP.",
    )


def test_more_than_2_mb_is_refused_before_it_is_opened():
    with pytest.raises(ValidationError) as refused:
        image_clean(PNG + b"\0" * (2 * 1024 * 1024))

    assert refused.value.messages == [TOO_BIG.format(size=2.0)]


def test_pillow_refuses_to_decode_anything_past_the_bound_in_every_process():
    assert Image.MAX_IMAGE_PIXELS == MAX_SIDE * MAX_SIDE


# The walk: every image upload of the project goes through ImageUploadField.


def _project_apps() -> list:
    base = Path(settings.BASE_DIR).resolve()
    return [
        a for a in apps.get_app_configs() if Path(a.path).resolve().is_relative_to(base)
    ]


def _looks_like_image(name: str, field) -> bool:
    accept = getattr(field, "widget", None) and field.widget.attrs.get("accept", "")
    return (
        isinstance(field, forms.ImageField | models.ImageField)
        or "image" in (accept or "")
        or any(word in name.lower() for word in IMAGE_WORDS)
    )


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms() -> list[type]:
    names = {a.name for a in _project_apps()}
    for name in names:
        for module in ("forms", "admin"):
            try:
                importlib.import_module(f"{name}.{module}")
            except ModuleNotFoundError as missing:
                if missing.name != f"{name}.{module}":
                    raise
    return [
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in names
    ]


def _form_bypasses(form: type) -> list[str]:
    return [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, forms.FileField)
        and _looks_like_image(name, field)
        and not isinstance(field, ImageUploadField)
    ]


def test_every_image_upload_in_a_form_is_an_image_upload_field():
    found = _project_forms()
    assert any(
        isinstance(field, ImageUploadField)
        for form in found
        for field in getattr(form, "base_fields", {}).values()
    ), "the walk found no image upload at all: it is looking in the wrong place"

    bypasses = [name for form in found for name in _form_bypasses(form)]

    assert not bypasses, (
        f"{bypasses} take a picture without core.images.ImageUploadField, so it is "
        "stored as uploaded (polyglots, bombs, EXIF)"
    )


def test_the_walk_catches_a_form_that_takes_a_picture_another_way():
    class Plain(forms.Form):
        logo = forms.FileField()

    class Pillow(forms.Form):
        picture = forms.ImageField()

    class ByAccept(forms.Form):
        file = forms.FileField(widget=forms.FileInput(attrs={"accept": "image/png"}))

    class Spreadsheet(forms.Form):
        file = forms.FileField(widget=forms.FileInput(attrs={"accept": ".csv"}))

    assert _form_bypasses(Plain)
    assert _form_bypasses(Pillow)
    assert _form_bypasses(ByAccept)
    assert not _form_bypasses(Spreadsheet)


def test_no_model_keeps_a_picture_as_an_uploaded_file():
    # A model ImageField or FileField stores the upload as it came (Django's
    # ImageField only asks Pillow whether it opens); pictures are re-encoded by
    # core.images and kept as its bytes, as the brand keeps its photo and logo.
    found = [
        f"{model._meta.label}.{field.name}"
        for app in _project_apps()
        for model in app.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField)
        or (
            isinstance(field, models.FileField) and _looks_like_image(field.name, field)
        )
    ]

    assert not found, f"{found} keep pictures without core.images"
