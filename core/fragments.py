"""The fragment cache: each client's rows and sections of the pages, rendered once per
revision. The one place the project keeps rendered HTML: the composed pages (the
dashboard, the client page, "My program") and the client's own pages ("My progress")
use it alike.

A fragment's key names the section, the client and its ``revision`` (or, for the
trainer's list of who needs attention, a digest of all their clients' revisions), the
time zone its dates are shown in, anything else it varies on (the day, for "the last
four weeks") and the templates it was rendered from. The database gives a client a
new revision in the same transaction as any write to a row their pages show, whatever
makes it: triggers on the tables of ``dashboard.revisions.SHOWN``
(``clients.revisions``). So a page never shows a fragment once it is stale: the next
view misses and renders it afresh. Fragments are fetched with one ``get_many`` per
page.

Forms inside a fragment are rendered with placeholders for the CSRF token and for the
page to come back to, which each response fills with its own. A cache that is down is
treated as empty: the page renders everything, as it would with no cache at all.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import cache as once

from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CACHE = "fragments"
TIMEOUT = 24 * 60 * 60  # a fragment nobody asks for again goes within a day
CSRF_PLACEHOLDER = "csrf-token-of-this-response"
NEXT_PLACEHOLDER = "path-of-this-response"


@once
def templates_version() -> str:
    """A digest of the project's templates: a release that changes one of them
    renders every fragment afresh instead of showing the old markup."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(section: str, *vary: object) -> str:
    """The key of a section that varies on ``vary`` (a client and its revision, say)
    and is shown in the current time zone and language."""
    return ":".join(
        [
            "fragment",
            templates_version(),
            section,
            timezone.get_current_timezone_name(),
            translation.get_language() or "",
            *map(str, vary),
        ]
    )


def client_key(client, section: str, *vary: object) -> str:
    """The key of a client's section (anything with a ``pk`` and the ``revision``
    the database gives it, ``clients.revisions``): it changes on any write to a row
    their pages show."""
    return key(section, client.pk, client.revision, *vary)


def render(template: str, context: dict) -> str:
    """A fragment's HTML, with placeholders where a form's token and the page to
    come back to (``next_path``) go."""
    return render_to_string(
        template,
        {**context, "csrf_token": CSRF_PLACEHOLDER, "next_path": NEXT_PLACEHOLDER},
    )


def _get_many(keys: list[str]) -> dict[str, str]:
    try:
        return caches[CACHE].get_many(keys)
    except RedisError:  # a cache that is down serves nothing; the page still works
        log.warning("fragment cache unavailable; rendering afresh", exc_info=True)
        return {}


def _set_many(fragments: dict[str, str]) -> None:
    try:
        caches[CACHE].set_many(fragments, TIMEOUT)
    except RedisError:
        log.warning("fragment cache unavailable; not kept", exc_info=True)


def fragments(
    request,
    keys: Iterable[str],
    render_missing: Callable[[list[str]], dict[str, str]],
) -> dict[str, SafeString]:
    """The HTML under each of ``keys``: from the cache where it is, else from
    ``render_missing(missing keys)`` (which may leave out a key whose client is gone)
    and kept. Each form's token and way back are this response's."""
    keys = list(keys)
    found = _get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        fresh = render_missing(missing)
        _set_many(fresh)
        found.update(fresh)
    token = get_token(request)
    path = escape(request.get_full_path())
    return {
        # Rendered by our templates, which escape what they show.
        k: mark_safe(  # noqa: S308
            found[k].replace(CSRF_PLACEHOLDER, token).replace(NEXT_PLACEHOLDER, path)
        )
        for k in keys
        if k in found
    }


def value(
    key: str, compute: Callable[[], object], *, fits: Callable[[object], bool]
) -> object:
    """A value (choices for a form, say) kept under ``key`` as a fragment is: from
    the cache where it is and ``fits`` it (a release may change the shape of what is
    kept: a value kept by the one before is computed afresh), else ``compute()``'d
    and kept."""
    found = _get_many([key])
    if key in found and fits(found[key]):
        return found[key]
    fresh = compute()
    _set_many({key: fresh})
    return fresh


def client_section(
    client, section: str, render_section: Callable[[], str], *vary: object
) -> SafeString:
    """The HTML of ``section`` of the client's own pages (no form in it), rendered by
    ``render_section()`` on a miss and kept until their next revision or the next
    day."""
    name = client_key(client, section, timezone.localdate(), *vary)
    found = _get_many([name])
    html = found.get(name)
    if html is None:
        html = render_section()
        _set_many({name: html})
    # Rendered by our templates, which escape what they show.
    return mark_safe(html)  # noqa: S308
