"""Pages of the site as a whole, outside any one app."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from core.http import read_only
from core.middleware import is_api

BODY_TOO_LARGE = "The body of the request is larger than this site takes."
UNREADABLE = "The request could not be read."


def bad_request(request, exception):
    """The project's ``handler400``. Django's own runs the CSRF check again, which
    reads the body that could not be read (a form not in UTF-8, Django ticket 34709)
    and so fails anew, as a 500. This one reads nothing the request sent. The API
    answers in JSON, as DRF does its own 400s."""
    if is_api(request):
        too_large = isinstance(exception, RequestDataTooBig)
        detail = BODY_TOO_LARGE if too_large else UNREADABLE
        return JsonResponse({"detail": detail}, status=400)
    return render(request, "400.html", status=400)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name none (the admin)."""
    return redirect(static("img/favicon.svg"), permanent=True)


@read_only
def up(request):
    """A page with the site's frame and no data: a health check for load balancers and
    the baseline that benchmarks compare every page with."""
    return render(request, "up.html")
