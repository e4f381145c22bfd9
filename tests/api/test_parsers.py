"""The API reads JSON within limits: a body nested too deep, or larger than
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, is a 400 that says why, never a 500
(Python's parser fails on about a thousand levels)."""

import io
import json

import pytest
from django.urls import reverse

from api.parsers import MAX_DEPTH, TOO_DEEP, BodyTooLarge, JSONParser
from core.views import BODY_TOO_LARGE
from tests.api.test_endpoints import _workout


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def _post(api, user, body: str):
    api.force_authenticate(user)
    url = reverse("api:my_workout_list")
    return api.post(url, body, content_type="application/json")


@pytest.mark.parametrize("levels", [1000, 100_000, MAX_DEPTH + 1])
def test_json_nested_too_deep_is_refused(api, athlete, levels):
    response = _post(api, athlete.user, f'{{"notes": {_nested(levels - 1)}}}')
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_DEEP}


def test_json_nested_to_the_limit_is_read(api, athlete, day):
    body = json.dumps(_workout(day) | {"extra": json.loads(_nested(MAX_DEPTH - 1))})
    response = _post(api, athlete.user, body)
    assert response.status_code == 201, response.json()


def test_a_json_body_over_the_upload_limit_is_refused(api, athlete, day, settings):
    body = json.dumps(_workout(day))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body) - 1
    response = _post(api, athlete.user, body)
    assert response.status_code == 400
    assert response.json() == {"detail": BODY_TOO_LARGE}
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body)
    assert _post(api, athlete.user, body).status_code == 201


def test_the_parser_itself_reads_no_more_than_the_limit(settings):
    """Whatever reads the body first (DRF reads it through ``request.body`` today),
    the parser refuses a larger one before parsing it, with a 413."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    parser = JSONParser()
    with pytest.raises(BodyTooLarge) as refused:
        parser.parse(io.BytesIO(b'{"notes": "' + b"x" * 100 + b'"}'))
    assert refused.value.status_code == 413
    assert parser.parse(io.BytesIO(b'{"a": 1}')) == {"a": 1}
