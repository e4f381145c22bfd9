"""How the API reads a request's JSON: within a depth, so that no body can make it
fail. Python's parser raises ``RecursionError`` (a 500) on arrays nested about a
thousand deep. The size is Django's limit, ``DATA_UPLOAD_MAX_MEMORY_SIZE``, which
DRF applies as it reads the body, and ``core.views.bad_request`` answers."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Deeper than any body the API takes (a workout's sets are four levels down).
MAX_DEPTH = 32
TOO_DEEP = f"JSON nested more than {MAX_DEPTH} levels deep is refused."


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing with a 400 a body nested deeper than
    ``MAX_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
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
