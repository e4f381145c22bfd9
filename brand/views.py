from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from brand.selectors import brand_get, brand_image
from core.http import read_only

YEAR = 60 * 60 * 24 * 365


def _cache(request, response: HttpResponse, version: str) -> HttpResponse:
    """A versioned URL never changes, so browsers keep it for a year; the bare URL
    (or an old version) is kept only briefly."""
    if request.GET.get("v") == version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response


@read_only
def stylesheet(request):
    """Bootstrap's theme variables set to the brand colour: one small stylesheet,
    linked after Bootstrap's on every page (no inline style, for the CSP)."""
    brand = brand_get()
    css = render_to_string("brand/brand.css", {"theme": brand.theme})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    return _cache(request, response, brand.version)


@read_only
def image(request, kind: str):
    """The brand's photo or logo, as the image it was checked to be."""
    found = brand_image(kind=kind)
    if found is None:
        raise Http404("No picture")
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = "inline"
    return _cache(request, response, brand_get().version)
