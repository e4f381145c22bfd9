"""The public pages of the method: the home page and the page of each movement
pattern, built from the coach's own ladder."""

from django.shortcuts import render

from core.http import read_only
from programming.models import Pattern
from programming.selectors import ladder_builtin, pattern_from_slug

# The six patterns as the home page introduces them, in the coach's order.
PATTERNS = [
    (
        Pattern.HINGE,
        "Bend at the hips to pick things up safely: the deadlift family, for a strong "
        "back, glutes and hamstrings.",
    ),
    (
        Pattern.SQUAT,
        "Sit down and stand up under control, legs and trunk working together.",
    ),
    (
        Pattern.PUSH,
        "Press away from you, in front or overhead: chest, shoulders and arms.",
    ),
    (
        Pattern.PULL,
        "Row and pull towards you: the upper back that keeps shoulders healthy.",
    ),
    (Pattern.LUNGE, "One leg at a time, for balance and strength on each side."),
    (
        Pattern.CARRY,
        "Walk with a load: grip, trunk and posture, like the shopping home.",
    ),
]


@read_only
def home(request):
    return render(request, "home.html", {"patterns": PATTERNS})


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
