"""VAPID keys: the pair that signs every push, so that a push service accepts it as
ours. Pure functions, read by the settings at start-up and by ``manage.py push_keys``.

The public key is the uncompressed P-256 point (65 bytes) and the private key the raw
32-byte number, both base64url without padding: the forms browsers and pywebpush take.
"""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """base64url with or without its padding."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_of(private_key: ec.EllipticCurvePrivateKey) -> str:
    return _b64(
        private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def keys_generate() -> tuple[str, str]:
    """A new pair: (public, private)."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    number = private_key.private_numbers().private_value.to_bytes(32, "big")
    return public_of(private_key), _b64(number)


def keys_problem(*, public: str, private: str, subject: str) -> tuple[str, str] | None:
    """What is wrong with a configured pair and subject, as (variable, problem), or
    None. Any one of them set means push is meant to be on: all three must be."""
    try:
        number = b64decode(private)
    except ValueError:
        number = b""
    if len(number) != 32:
        return "VAPID_PRIVATE_KEY", "must be a raw 32-byte key (manage.py push_keys)."
    try:
        private_key = ec.derive_private_key(
            int.from_bytes(number, "big"), ec.SECP256R1()
        )
    except ValueError:
        return "VAPID_PRIVATE_KEY", "is not a P-256 key."
    if public_of(private_key) != public.rstrip("="):
        return "VAPID_PUBLIC_KEY", "is not the public half of VAPID_PRIVATE_KEY."
    if not subject.startswith(("mailto:", "https://")):
        return "VAPID_SUBJECT", "must be a mailto: or https:// address."
    return None
