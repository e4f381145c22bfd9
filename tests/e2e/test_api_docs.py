"""The API's docs page works in a real browser under the content security policy."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_offline_without_breaking_the_policy(page, site):
    problems = []
    host = urlsplit(site).netloc
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append(f"console: {m.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.on(
        "request",
        lambda r: (
            urlsplit(r.url).netloc not in {host, ""}
            and urlsplit(r.url).scheme.startswith("http")
            and problems.append(f"request to another host: {r.url}")
        ),
    )
    page.goto(site + "/api/docs/")
    expect(page.get_by_text("Strength Coach API").first).to_be_visible()
    expect(page.get_by_text("/api/my/workouts/").first).to_be_visible()
    assert not problems, problems
