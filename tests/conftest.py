import os
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from tests.factories import (
    AdminFactory,
    ClientFactory,
    ClientWithLoginFactory,
    TrainerFactory,
)
from trainer.celery import app


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def require_service(name: str, url: str | None, default_port: int) -> str:
    """The service's URL, or skip (fail under REQUIRE_SERVICES=1) when absent."""
    if url and _reachable(url, default_port):
        return url
    message = f"{name} is not configured or not reachable ({url or 'unset'})"
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", os.environ.get("REDIS_URL"), 6379)


@pytest.fixture
def postgres(db) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("PostgreSQL", None, 5432)


@pytest.fixture
def celery_worker(redis_url, settings):
    """A real worker thread consuming from Redis, with tasks no longer eager. Use it
    in tests marked ``services`` with a transactional database."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
        "broker_transport_options": app.conf.broker_transport_options,
    }
    app.conf.update(
        broker_url=redis_url,
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": 3600},
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.update(previous)


@pytest.fixture
def wait_for():
    """Wait until ``predicate()`` is true, for at most ``timeout`` seconds."""

    def wait(predicate, timeout=20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return False

    return wait


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@dataclass
class World:
    """Two trainers, each with a client who can log in: A is the one acting, B owns
    the objects A must never reach."""

    trainer_a: object
    trainer_b: object
    client_a: object
    client_b: object
    admin: object


@pytest.fixture
def world(db) -> World:
    trainer_a = TrainerFactory()
    trainer_b = TrainerFactory()
    return World(
        trainer_a=trainer_a,
        trainer_b=trainer_b,
        client_a=ClientWithLoginFactory(trainer=trainer_a),
        client_b=ClientWithLoginFactory(trainer=trainer_b),
        admin=AdminFactory(),
    )


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def trainer_client(client, trainer):
    """The test client, logged in as ``trainer``."""
    client.force_login(trainer)
    return client


@pytest.fixture
def coached(trainer):
    """A client of ``trainer``."""
    return ClientFactory(trainer=trainer)
