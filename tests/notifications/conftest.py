"""A push service on this machine: an HTTP server that keeps what it is sent and
answers as a test tells it, and devices whose private keys the test holds, so that
a push can be decrypted as the browser would."""

import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from notifications.keys import _b64, keys_generate
from notifications.models import PushSubscription
from tests.factories import PushSubscriptionFactory


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """Answers ``status`` to every push, or the next of ``answers`` while any are
    left, or what ``by_path`` says for a device's address."""

    port: int
    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    by_path: dict[str, int] = field(default_factory=dict)
    status: int = 201

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def serve(service: PushService) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            service.received.append(Received(self.path, headers, body))
            status = service.by_path.get(self.path) or (
                service.answers.pop(0) if service.answers else service.status
            )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", service.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def push_service():
    server = serve(PushService(port=0))
    service = PushService(port=server.server_address[1])
    server.shutdown()
    server.server_close()
    server = serve(service)
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def vapid(settings):
    """Push on: a fresh pair of VAPID keys."""
    public, private = keys_generate()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:coach@example.com"
    return public


@dataclass
class Device:
    """A browser's side of a subscription: its private key and auth secret."""

    subscription: PushSubscription
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes


def make_device(*, endpoint: str, **kwargs) -> Device:
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = secrets.token_bytes(16)
    subscription = PushSubscriptionFactory(
        endpoint=endpoint, p256dh=_b64(public), auth=_b64(auth), **kwargs
    )
    return Device(subscription, private_key, auth)
