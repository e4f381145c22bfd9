import io
import uuid

import pytest
from PIL import Image


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def trainer_client(client, world):
    """Trainer A, logged in."""
    return login(client, world.trainer_a)


@pytest.fixture
def as_client(client, world):
    """Client A, logged in."""
    return login(client, world.client_a.user)


def jpeg_with_location() -> bytes:
    """A phone's photo: a JPEG whose EXIF names where it was taken (GPS)."""
    picture = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (36.0, 50.0, 0.0)
    exif[0x8825] = gps
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    return out.getvalue()


def mp4(size: int = 4096) -> bytes:
    """The first box of an MP4 (``ftyp``, brand isom), then filler to ``size``."""
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    return (head + bytes(range(256)) * (size // 256 + 1))[:size]


def new_uid() -> str:
    return str(uuid.uuid4())
