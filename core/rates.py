"""How a limit's settings are written: a rate ("5/h", "10/15m") and the request.META
key of the visitor's address. One definition, read by the settings (which refuse a
malformed variable) and by the system checks (which refuse a malformed setting); it
imports nothing of Django, so that the settings can use it."""

import re

RATE = re.compile(r"^[1-9][0-9]*/([1-9][0-9]*)?[smhd]$")
META_KEY = re.compile(r"^(REMOTE_ADDR|HTTP_[A-Z0-9_]+)$")


def is_rate(value: object) -> bool:
    """``value`` is a rate: a count of at least one per a period of at least one
    second, minute, hour or day."""
    return isinstance(value, str) and RATE.match(value) is not None


def is_meta_key(value: object) -> bool:
    """``value`` names the peer address or a request header as Django spells it."""
    return isinstance(value, str) and META_KEY.match(value) is not None
