import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from urllib.parse import quote, urlsplit

import pytest
import time_machine
from celery import _state as celery_state
from celery.contrib.testing.worker import start_worker
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.utils import timezone

from brand.models import Brand
from brand.selectors import CACHE_KEY, CACHE_SECONDS
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ClientWithLoginFactory,
    TrainerFactory,
)
from trainer.celery import app as celery_app


def session_clock(value: str | None) -> datetime | None:
    """The instant ``TEST_CLOCK`` names (ISO 8601 with its offset, e.g.
    ``2027-03-28T00:59:00Z``), or None when it is unset or empty."""
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.utcoffset() is None:
        raise pytest.UsageError(
            f"TEST_CLOCK={value!r} is not an ISO 8601 instant with its offset, "
            "e.g. 2027-03-28T00:59:00Z"
        )
    return instant


def pytest_configure(config) -> None:
    """With ``TEST_CLOCK`` set, the whole session (each xdist worker too, as each
    runs this hook) starts at that instant and the clock ticks on from there, so
    the suite proves it passes on any day, not only on the day it is run. Tests
    that pin their own time with time-machine still do, inside it."""
    instant = session_clock(os.environ.get("TEST_CLOCK"))
    if instant is not None:
        config._test_clock = time_machine.travel(instant, tick=True)
        config._test_clock.start()


def pytest_unconfigure(config) -> None:
    clock = getattr(config, "_test_clock", None)
    if clock is not None:
        clock.stop()


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


def database_url() -> str:
    """The test database as a URL, for a process of its own (a worker, a web
    server) to reach the rows a transactional test committed."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", os.environ.get("REDIS_URL"), 6379)


@pytest.fixture
def postgres(db) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("PostgreSQL", None, 5432)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _default_brand():
    """Every test starts with the default brand, already cached (as a running site
    has it), so no test pays for reading it and none sees another test's brand."""
    cache.set(CACHE_KEY, Brand(), CACHE_SECONDS)
    yield
    cache.delete(CACHE_KEY)


@pytest.fixture(autouse=True)
def _fresh_unread_counts(monkeypatch):
    """Each test counts unread messages afresh: the ids of its people are another
    run's too, and the cache outlives a test database."""
    monkeypatch.setattr(
        "messaging.selectors.UNREAD_CACHE_PREFIX", f"unread-{uuid.uuid4().hex}"
    )


@pytest.fixture(autouse=True)
def _default_time_zone():
    """Each test starts on the default time zone. The time zone middleware leaves
    the signed-in user's zone active on the thread after the response (as Django's
    own example does), and a later test must not read its "today" from it."""
    timezone.deactivate()
    yield
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts its own form posts and API calls, even in a Redis shared
    across runs (production counts under the prefix of the base settings)."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test:{uuid.uuid4().hex}:"


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


def restore_builtin_data() -> None:
    """Put back the data the migrations ship (the movement library, the assessment
    screens) when a transactional test has flushed it."""
    from assessments.models import Protocol
    from programming.models import Ladder
    from screening.models import Questionnaire

    with transaction.atomic():
        if not Ladder.objects.filter(owner=None).exists():
            migration = import_module("programming.migrations.0002_builtin_library")
            migration.create_library(django_apps, None)
        if not Protocol.objects.builtin().exists():
            migration = import_module("assessments.migrations.0002_builtin_screens")
            migration.create_screens(django_apps, None)
        if not Questionnaire.objects.exists():
            migration = import_module("screening.migrations.0002_gate_and_defaults")
            migration.forward(django_apps, None)


def _restore_after_flush(**kwargs) -> None:
    """post_migrate follows migrate (which starts a session that reuses the test
    database, left flushed by the last one) and the flush that ends each
    transactional test: the built-in data goes back there, committed, so the tests
    after it find it, instead of each building it again in its own transaction."""
    restore_builtin_data()


post_migrate.connect(
    _restore_after_flush,
    sender=django_apps.get_app_config("programming"),
    dispatch_uid="tests.restore_builtin_data",
)


@pytest.fixture
def library(db) -> None:
    """The built-in movement library and assessment screens."""
    restore_builtin_data()


@pytest.fixture(autouse=True)
def _builtin_data(request) -> None:
    """Every test that uses the database finds the data the migrations ship, whatever
    transactional test ran before it and flushed the tables."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("library")


@pytest.fixture(autouse=True)
def _training_gate(request) -> None:
    """The tests written before the training gate run as an install that had clients
    the day the gate arrived: the owner has not switched it on, so they assess, move
    and schedule clients with no screening on file. A test of the gate is marked
    ``gate``, and finds it as a new install does: on."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db and not request.node.get_closest_marker("gate"):
        from screening.services import gate_switch_set

        request.getfixturevalue("_builtin_data")
        gate_switch_set(is_on=False)


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


@pytest.fixture
def celery_worker(redis_url, settings):
    """A real Celery worker (a thread of this process) consuming from Redis, with
    tasks no longer run eagerly. Needs committed data: use transactional tests."""
    keys = ["broker_url", "task_always_eager", "broker_transport_options"]
    # Read before changing the settings: the app's configuration is read from them
    # lazily, and must be put back as the other tests expect it (tasks run eagerly).
    previous = {key: celery_app.conf[key] for key in keys}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.update(
        broker_url=redis_url,
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": 3600},
    )
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        yield
    celery_app.conf.update(previous)


def _celery_app_state() -> tuple:
    return (
        celery_app in celery_state._get_active_apps(),
        celery_app.conf.broker_url,
        celery_app.conf.task_always_eager,
    )


@pytest.fixture(autouse=True)
def _celery_app_as_found():
    """No test leaves the Celery app changed for the tests after it: the same broker,
    tasks run eagerly, and still one of Celery's active apps (``app.close()`` drops
    it, and a task module imported later then registers with no app: a worker that
    a later test starts refuses its tasks as unregistered)."""
    before = _celery_app_state()
    yield
    assert _celery_app_state() == before, "this test left the Celery app changed"


def wait_for(predicate, timeout: float = 20.0) -> bool:
    """Poll ``predicate`` until it holds (for work done by another thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
