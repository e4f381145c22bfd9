"""The sending rate cap: at most ``OUTBOX_RATE`` emails (e.g. ``14/s``, ``600/m``) to
the mail provider, however many worker processes send them.

A token bucket one email deep, kept in Redis (the default cache in production) and
taken with one atomic script that reads Redis's own clock: every process agrees on
the next free slot whatever its own clock says, and emails leave at most one every
period/count, never in a burst that a provider would refuse. Without Redis (a
checkout on SQLite, one worker) the bucket lives in the process. The bucket is per
provider: the SMTP host and port the emails go to.
"""

import re
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(?P<count>[1-9][0-9]*)/(?P<times>[1-9][0-9]*)?(?P<unit>[smhd])$")

# KEYS[1]: the provider's slot, in microseconds of Redis's clock; ARGV[1]: the
# microseconds between two emails. Returns 0 when the slot was taken, else how many
# microseconds until it comes.
TAKE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free > now then
    return free - now
end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + interval, 'PX', math.ceil(interval / 1000) + 1000)
return 0
"""


class RateUnavailable(Exception):
    """The shared bucket could not be read (Redis is down): send nothing now."""


def interval(rate: str | None = None) -> float | None:
    """Seconds between two emails under ``rate`` (``OUTBOX_RATE`` by default);
    None when there is no cap."""
    rate = settings.OUTBOX_RATE if rate is None else rate
    if not rate:
        return None
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"{rate!r} is not a rate such as 14/s or 600/m")
    period = int(match["times"] or 1) * SECONDS[match["unit"]]
    return period / int(match["count"])


def provider() -> str:
    """The name of the bucket: the mail server the emails go to."""
    return f"outbox:rate:{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"


def wait(*, deadline: float | None) -> bool:
    """Wait for the provider's next free slot and take it. False, having taken
    nothing, when the slot would come after ``deadline`` (a ``time.monotonic()``
    reading). Raises ``RateUnavailable`` when the shared bucket cannot be read."""
    seconds = interval()
    if seconds is None:
        return True
    while True:
        left = take(provider(), seconds)
        if left <= 0:
            return True
        if deadline is not None and time.monotonic() + left > deadline:
            return False
        time.sleep(left)


def take(key: str, seconds: float) -> float:
    """Take the slot of ``key`` if it is free: 0, else the seconds until it is."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _take_shared(cache, key, seconds)
    return _take_local(key, seconds)


_scripts: dict[int, object] = {}


def _take_shared(cache: RedisCache, key: str, seconds: float) -> float:
    client = cache._cache.get_client(key, write=True)
    script = _scripts.get(id(client.connection_pool))
    if script is None:
        script = _scripts[id(client.connection_pool)] = client.register_script(TAKE)
    try:
        micros = script(
            keys=[cache.make_and_validate_key(key)],
            args=[max(1, round(seconds * 1_000_000))],
        )
    except Exception as error:  # redis-py's errors are not OSError
        raise RateUnavailable(str(error)) from error
    return int(micros) / 1_000_000


_local_lock = threading.Lock()
_local_free: dict[str, float] = {}


def _take_local(key: str, seconds: float) -> float:
    with _local_lock:
        now = time.monotonic()
        free = _local_free.get(key, 0.0)
        if free > now:
            return free - now
        _local_free[key] = now + seconds
        return 0.0
