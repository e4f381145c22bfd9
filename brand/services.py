import logging

from django.core.cache import cache
from django.db import transaction

from brand.models import Brand
from brand.selectors import CACHE_KEY
from core.images import CleanImage, image_clean

logger = logging.getLogger(__name__)

IMAGE_KINDS = ("photo", "logo")


def brand_cache_clear() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # a cache that is down holds nothing stale for long
        logger.warning("Brand cache not cleared", exc_info=True)


@transaction.atomic
def brand_save(
    *,
    brand: Brand,
    images: dict[str, CleanImage | bytes | None] | None = None,
) -> Brand:
    """Save the brand (always row 1), with new pictures where ``images`` gives them
    and without them where it gives None; pages show it as soon as it commits.

    Bytes are decoded and re-encoded by ``image_clean`` (a ValidationError if they
    are not a picture within bounds); a ``CleanImage`` already was. Only ever the
    re-encoded picture is stored.

    Idempotent: saving the same values again changes nothing but the version.
    """
    for kind, data in (images or {}).items():
        if kind not in IMAGE_KINDS:
            raise ValueError(f"no picture called {kind!r}")
        if data is None:
            setattr(brand, kind, None)
            setattr(brand, f"{kind}_type", "")
        else:
            clean = data if isinstance(data, CleanImage) else image_clean(data)
            setattr(brand, f"{kind}_type", clean.content_type)
            setattr(brand, kind, clean.data)
    brand.pk = Brand.SINGLETON_PK
    # There is one brand: saving a fresh one replaces the row rather than clashing.
    created_at = (
        Brand.objects.filter(pk=brand.pk).values_list("created_at", flat=True).first()
    )
    brand._state.adding = created_at is None
    brand.created_at = brand.created_at or created_at
    brand.full_clean()
    brand.save()
    transaction.on_commit(brand_cache_clear)
    brand_cache_clear()
    return brand
