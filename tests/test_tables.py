"""Every table of the site's pages fits a phone: wrapped in a scrolling box that a
keyboard can reach and a screen reader names, so a wide table scrolls on its own
instead of squeezing its words letter by letter (the CSS keeps words whole)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.TEMPLATES[0]["DIRS"][0])
# Emails lay out their own tables; the admin's are Django's.
NOT_PAGES = {"emails", "admin"}
WRAPPER = re.compile(r'<div class="table-responsive[^"]*"([^>]*)>')


def _pages_with_tables():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if NOT_PAGES & set(path.relative_to(TEMPLATES).parts):
            continue
        text = path.read_text()
        if "<table" in text:
            yield path.relative_to(TEMPLATES), text


def test_every_table_scrolls_in_a_named_box_a_keyboard_reaches():
    found = list(_pages_with_tables())
    assert found
    for path, text in found:
        wrappers = WRAPPER.findall(text)
        assert len(wrappers) == text.count("<table"), f"{path}: a table unwrapped"
        for attributes in wrappers:
            assert 'tabindex="0"' in attributes, f"{path}: not reachable"
            assert 'role="region"' in attributes, f"{path}: not a region"
            assert "aria-label" in attributes, f"{path}: not named"
