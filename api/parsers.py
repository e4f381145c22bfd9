"""How the API reads a request's JSON: within a size and a depth, so that no body can
make it fail. The size is Django's limit, ``DATA_UPLOAD_MAX_MEMORY_SIZE``: DRF reads
a JSON body through ``request.body``, which refuses a larger one (a 400 from
``core.views.bad_request``), and the parser itself reads no more than that, so the
limit holds whatever reads the body first. Python's parser raises
``RecursionError`` (a 500) on arrays nested about a thousand deep, hence the depth."""

import io

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# Deeper than any body the API takes (a workout's sets are four levels down).
MAX_DEPTH = 32
TOO_DEEP = f"JSON nested more than {MAX_DEPTH} levels deep is refused."
TOO_LARGE = "The body of the request is larger than this site takes."


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = TOO_LARGE
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``
    (413) before it parses it, and one nested deeper than ``MAX_DEPTH`` (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and stream is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise BodyTooLarge
            stream = io.BytesIO(body)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if _deeper_than(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP)
        return data


def _deeper_than(data, limit: int) -> bool:
    """Whether objects and arrays nest more than ``limit`` levels; without
    recursion, as the data may be nested up to the parser's own limit."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth == limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False
