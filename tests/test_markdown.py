from html.parser import HTMLParser

import pytest

from core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_clean, markdown_html


class Elements(HTMLParser):
    """Every tag and attribute of a piece of HTML, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_markdown_renders_headings_lists_links_and_tables():
    html = markdown_html(
        "## Butt back\n\n- chest up\n- knees out\n\n[Book](https://example.com/book)\n\n"
        "| rung | name |\n|---|---|\n| 1 | Dowel hinge |\n"
    )
    assert "<h2>Butt back</h2>" in html
    assert "<li>chest up</li>" in html
    link = '<a href="https://example.com/book" rel="noopener noreferrer">Book</a>'
    assert link in html
    assert "<td>Dowel hinge</td>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        '<p style="position:fixed">x</p>',
        '<a href="https://e.com" onclick="x()">x</a>',
        "<iframe src='https://e.com'></iframe>",
        '![x](https://e.com/a.png "t" onerror=alert(1))',
    ],
)
def test_markdown_makes_only_allowed_elements_attributes_and_schemes(source):
    for tag, attrs in Elements(markdown_html(source)).found:
        assert tag in ALLOWED_TAGS
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        for name in ("href", "src"):
            if name in attrs:
                assert attrs[name].split(":")[0].lower() in {"http", "https", "mailto"}


def test_raw_html_is_shown_as_text_not_run():
    assert markdown_html("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_unicode_survives_and_nul_does_not_break_it():
    assert "Ærøskøbing 🏋" in markdown_html("Ærøskøbing 🏋\x00")


def test_the_cleaner_strips_what_a_renderer_plugin_could_let_through():
    html = html_clean(
        '<a href="javascript:x()" onclick="y()" style="color:red">a</a>'
        '<script>b()</script><img src="https://e.com/i.png" onerror="z()">'
    )
    assert html == '<a rel="noopener noreferrer">a</a><img src="https://e.com/i.png">'
