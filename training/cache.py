"""A client's own pages, rendered once per revision.

As the dashboard's fragments: the key names the section, the client and its
``revision`` (which the database replaces in the same transaction as any write to a
row their pages show, ``clients.revisions``), the day, the time zone and language the
page is shown in, and a digest of the templates it is rendered from. So the next view
after a workout is logged misses and renders afresh. A cache that is down is treated
as empty: the page is rendered, as it would be with no cache at all.
"""

import hashlib
import logging
from collections.abc import Callable
from functools import cache as once

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from clients.models import Client

log = logging.getLogger(__name__)

CACHE = "fragments"
TIMEOUT = 24 * 60 * 60  # a section nobody asks for again goes within a day


@once
def _templates_version(*names: str) -> str:
    """A digest of ``names``: a release that changes one renders afresh."""
    digest = hashlib.blake2b(digest_size=6)
    for name in names:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def client_section(
    client: Client, section: str, templates: tuple[str, ...], render: Callable[[], str]
) -> SafeString:
    """The HTML of ``section`` of the client's page, rendered from ``templates`` by
    ``render()`` on a miss and kept until their next revision or the next day."""
    key = ":".join(
        [
            "fragment",
            _templates_version(*templates),
            section,
            timezone.get_current_timezone_name(),
            translation.get_language() or "",
            str(client.pk),
            str(client.revision),
            timezone.localdate().isoformat(),
        ]
    )
    try:
        html = caches[CACHE].get(key)
    except RedisError:
        log.warning("fragment cache unavailable; rendering afresh", exc_info=True)
        html = None
    if html is None:
        html = render()
        try:
            caches[CACHE].set(key, html, TIMEOUT)
        except RedisError:
            log.warning("fragment cache unavailable; not kept", exc_info=True)
    # Rendered by our templates, which escape what they show.
    return mark_safe(html)  # noqa: S308
