"""The local settings with a fragment cache that keeps nothing: every client's row
and section misses, as on the first view after a change. ``make bench`` measures the
pages under both."""

from trainer.settings.local import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
