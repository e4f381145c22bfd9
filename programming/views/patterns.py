"""The public page of each movement pattern, built from the coach's own ladder."""

from django.shortcuts import render

from programming.selectors import ladder_builtin, pattern_from_slug
from trainer.http import read_only


@read_only
def pattern_page(request, pattern: str):
    pattern = pattern_from_slug(pattern)
    ladder = ladder_builtin(pattern=pattern)
    rungs = list(ladder.rungs.all())
    return render(
        request,
        "programming/pattern_detail.html",
        {
            "pattern": pattern,
            "ladder": ladder,
            "rungs": rungs,
            # Taught from the top down: the first rung carries the cues.
            "cues": rungs[0].variation.cues if rungs else [],
        },
    )
