"""A stored file served with HTTP range requests (RFC 9110 §14): a phone's video
player asks for the part it plays next, and seeks by asking for another. One range
per request (what players ask for); several, or one that cannot be read, get the
whole file, as the RFC allows; a range past the end gets 416."""

import re

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The (first, last) bytes a ``Range`` header asks for, inclusive; None to send
    the whole file; False when it cannot be satisfied."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last[:19])
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first[:19])
    end = int(last[:19]) if last else size - 1
    if start >= size:
        return False
    if end < start:
        return None
    return start, min(end, size - 1)


def _part(file, start: int, length: int):
    try:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


def ranged_response(
    request: HttpRequest, file, *, size: int, content_type: str
) -> HttpResponse:
    """``file`` (open, seekable), whole or the range the request asks for."""
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(file, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _part(file, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
