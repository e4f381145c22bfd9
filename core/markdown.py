"""Markdown written by the coach and trainers, rendered to HTML that is safe to show.

The Markdown is CommonMark with tables; raw HTML in it is shown as text, not passed
through. What the renderer makes is then cleaned by nh3 (a maintained sanitiser) with
a short allowlist, so nothing that reaches a page can run a script, carry an inline
event or a style attribute, or link to anything but http, https and mail: the pages keep
their content security policy without exceptions.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "del", "em", "figcaption", "figure",
        "h2", "h3", "h4", "hr", "img", "li", "ol", "p", "pre", "strong", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_renderer = MarkdownIt("commonmark", {"html": False}).enable("table")


def html_clean(html: str) -> str:
    """The HTML with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_html(text: str) -> str:
    """The Markdown rendered and sanitised; safe to mark safe in a template."""
    return html_clean(_renderer.render(text))
