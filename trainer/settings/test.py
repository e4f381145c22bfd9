"""Settings for the test suite: the same services as configured, made fast."""

from trainer.settings.base import *  # noqa: F403
from trainer.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Unit tests run tasks in-process; tests marked "services" start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise looks there

# pytest-django opens, closes and drops databases itself: no pool holding connections.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A commit need not wait for the disk: the test database is thrown away, and what
    # other connections see is the same either way.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405

# pytest-xdist runs the tests in several processes (gw0, gw1, ...), each with a test
# database of its own (pytest-django adds the suffix) but one Redis: each keeps its
# cache keys (brand, fragments, rate limits, sessions) and its Celery queue apart.
# A worker process a test starts inherits the variable, and with it the same names.
_process = env.str("PYTEST_XDIST_WORKER", default="main")
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"test-{_process}"
CELERY_TASK_DEFAULT_QUEUE = f"test-{_process}"
# Exports of the tests, apart from those of `make run` and of each other.
EXPORT_ROOT = VAR_DIR / "test-exports" / _process  # noqa: F405
# Uploaded files of the tests, apart from those of `make run` and of each other.
MEDIA_ROOT = VAR_DIR / "test-media" / _process  # noqa: F405
