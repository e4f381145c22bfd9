"""Pages of the site as a whole, outside any one app."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from programming.models import Pattern
from trainer.http import read_only

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


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name none (the admin)."""
    return redirect(static("img/favicon.svg"), permanent=True)


@read_only
def up(request):
    """A page with the site's frame and no data: a health check for load balancers and
    the baseline that benchmarks compare every page with."""
    return render(request, "up.html")
