from django.utils.functional import SimpleLazyObject

from brand.selectors import brand_get


def brand(request):
    """``brand`` in every template, read (from the cache) only if a template uses it."""
    return {"brand": SimpleLazyObject(brand_get)}
