"""The schema and its docs page, served from this site under the strict content
security policy."""

import re

from django.urls import reverse


def test_the_schema_describes_every_endpoint(client, db):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/clients/",
        "/api/clients/{client_pk}/assignments/{pattern}/progress/",
        "/api/programs/{id}/",
        "/api/sessions/",
        "/api/workouts/",
        "/api/my/workouts/",
    ]:
        assert any(p.replace("{pk}", "{id}") == path for p in paths), path
    schemes = response.json()["components"]["securitySchemes"]
    assert {"tokenAuth", "cookieAuth"} <= set(schemes)


def test_the_docs_page_has_no_inline_script_or_style_and_nothing_from_elsewhere(
    client, db
):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.text
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert " style=" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    script = next(s for s in sources if "script" in s)
    response = client.get(script)
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in response.content.decode()
