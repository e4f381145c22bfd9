"""Small, valid pictures built in memory for the brand's tests."""

import struct
import zlib


def png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (128, 0, 0)):
    """A valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = png()
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(1)</script></svg>"
)


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` by ``height`` over a few bytes of data:
    a decoder that trusts the header allocates for the declared size."""
    return _png_chunks(
        struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0), zlib.compress(b"\0" * 64)
    )


def png_bomb(side: int = 20_000) -> bytes:
    """A real, valid grey PNG of ``side`` by ``side`` pixels that compresses to a few
    hundred kilobytes: it decodes to ``side`` squared bytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte, then one grey byte a pixel
    data = b"".join(compressor.compress(row) for _ in range(side))
    data += compressor.flush()
    return _png_chunks(struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0), data)


def _png_chunks(header: bytes, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
# A PNG that is also a web page: a valid picture with the page in a text chunk and
# again after the end, where browsers sniffing for HTML find it.
POLYGLOT = (
    PNG[:33]
    + struct.pack(">I", len(b"Comment\0" + HTML))
    + b"tEXt"
    + b"Comment\0"
    + HTML
    + struct.pack(">I", zlib.crc32(b"tEXtComment\0" + HTML) & 0xFFFFFFFF)
    + PNG[33:]
    + HTML
)
