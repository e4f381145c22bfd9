"""A post's body as HTML: its Markdown, rendered by ``core.markdown``, with the
author's ladders shown live where the body names them.

The one tag: a line of its own that reads ``{{ ladder hinge }}`` (any of the six
patterns: hinge, squat, push, pull, lunge, carry) shows the author's ladder for that
pattern, each rung with its cues, as it is when the page is read. Everything else in
the body is Markdown, sanitised as every text the coach writes is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.markdown import markdown_html
from programming.models import Pattern
from programming.selectors import ladders_with_rungs

# A tag alone on its line; written inside a paragraph it is refused (see tag_errors).
LADDER_TAG = re.compile(
    r"^[ \t]*\{\{[ \t]*ladder[ \t]+([^\s{}]*)[ \t]*\}\}[ \t\r]*$", re.M
)
ANY_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)

TAG_UNKNOWN = (
    "“{tag}” is not a tag this page knows; write {{{{ ladder hinge }}}} (or squat, "
    "push, pull, lunge, carry) on a line of its own."
)
TAG_PATTERN = "“{tag}” names no pattern; use one of " + ", ".join(Pattern.values) + "."
TAG_INLINE = "Put “{tag}” on a line of its own, with nothing else on it."


def body_parts(body: str) -> Iterator[tuple[str, str]]:
    """("markdown", text) and ("ladder", pattern) pieces, in the body's order."""
    start = 0
    for match in LADDER_TAG.finditer(body):
        if match.start() > start:
            yield "markdown", body[start : match.start()]
        yield "ladder", match.group(1).lower()
        start = match.end()
    if start < len(body):
        yield "markdown", body[start:]


def tag_errors(body: str) -> list[str]:
    """What is wrong with the tags of ``body``: an empty list when nothing is."""
    errors = []
    own_lines = [(m.start(), m.end()) for m in LADDER_TAG.finditer(body)]
    for match in ANY_TAG.finditer(body):
        tag = match.group(0)[:60]
        words = match.group(1).split()
        if len(words) != 2 or words[0].lower() != "ladder":
            errors.append(TAG_UNKNOWN.format(tag=tag))
        elif words[1].lower() not in Pattern.values:
            errors.append(TAG_PATTERN.format(tag=tag))
        elif not any(start <= match.start() < end for start, end in own_lines):
            errors.append(TAG_INLINE.format(tag=tag))
    return errors


def validate_body(body: str) -> None:
    errors = tag_errors(body)
    if errors:
        raise ValidationError({"body": errors})


def body_html(*, body: str, author) -> str:
    """The body as safe HTML, each ladder tag replaced by the author's ladder for its
    pattern as it is now (two queries, only when the body has a tag)."""
    parts = list(body_parts(body))
    ladders = (
        ladders_with_rungs(trainer=author)
        if any(kind == "ladder" for kind, _ in parts)
        else {}
    )
    html = []
    for kind, value in parts:
        if kind == "markdown":
            html.append(markdown_html(value))
        elif value in Pattern.values:
            rungs = list(ladders[value].rungs.all()) if value in ladders else []
            html.append(
                render_to_string(
                    "blog/_ladder.html", {"pattern": Pattern(value), **_cues(rungs)}
                )
            )
    return "".join(html)


def _cues(rungs: list) -> dict:
    """The rungs, each with the cues it adds: taught from the top down, the first
    rung's cues carry up the ladder, so they are shown once, before it."""
    first = rungs[0].variation.cues if rungs else []
    return {
        "cues": first,
        "steps": [
            (rung, [cue for cue in rung.variation.cues if cue not in first])
            for rung in rungs
        ],
    }
