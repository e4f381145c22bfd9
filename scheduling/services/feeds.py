"""Private calendar addresses: created, replaced and turned off by their owner."""

import secrets

from accounts.models import User
from scheduling.models import CalendarFeed


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Give ``user`` a new private calendar address. The old one, if any, stops
    working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, user: User) -> None:
    """Turn off ``user``'s calendar address: it stops working at once. Idempotent."""
    CalendarFeed.objects.filter(user=user).delete()
