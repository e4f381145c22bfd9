"""Pages of the site as a whole, outside any one app."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from core.http import read_only


def bad_request(request, exception):
    """The project's ``handler400``. Django's own runs the CSRF check again, which
    reads the body that could not be read (a form not in UTF-8, Django ticket 34709)
    and so fails anew, as a 500. This one reads nothing the request sent."""
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
