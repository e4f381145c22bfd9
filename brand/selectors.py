import logging

from django.core.cache import cache

from brand.models import Brand

logger = logging.getLogger(__name__)

CACHE_KEY = "brand:v1"
# Every web and worker process reads the brand on every page and email. A change in
# the admin clears the key at once; the timeout only bounds how long a process
# without a shared cache (the local-memory one) can show the old brand.
CACHE_SECONDS = 60


def brand_get() -> Brand:
    """The coach's brand, from the cache when it can: without its pictures' bytes.

    The defaults when the owner has set nothing (or the row is missing). With the
    cache down, every page still shows the brand, at the cost of a query.
    """
    try:
        brand = cache.get(CACHE_KEY)
    except Exception:  # the cache's errors vary by backend: read the row instead
        logger.warning("Brand not read from the cache", exc_info=True)
        return _brand_read()
    if brand is None:
        brand = _brand_read()
        try:
            cache.set(CACHE_KEY, brand, CACHE_SECONDS)
        except Exception:
            logger.warning("Brand not cached", exc_info=True)
    return brand


def _brand_read() -> Brand:
    rows = Brand.objects.defer("photo", "logo").filter(pk=Brand.SINGLETON_PK)
    return rows.first() or Brand()


def brand_image(*, kind: str) -> tuple[bytes, str] | None:
    """The photo's or logo's bytes and content type, or None when there is none."""
    row = (
        Brand.objects.filter(pk=Brand.SINGLETON_PK)
        .values_list(kind, f"{kind}_type")
        .first()
    )
    if row is None or not row[0] or not row[1]:
        return None
    return bytes(row[0]), row[1]
