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

# Exports of the tests, apart from those of `make run`.
EXPORT_ROOT = VAR_DIR / "test-exports"  # noqa: F405
