"""Settings for running on a developer's machine: ``make run``."""

from trainer.settings.base import *  # noqa: F403
from trainer.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise looks there

# Emails are printed to the terminal exactly as sent, working links included; the
# worker's log lines still mask them (core.logs). DJANGO_EMAIL_BACKEND or EMAIL_URL
# choose another.
if not (
    env.str("EMAIL_URL", default="") or env.str("DJANGO_EMAIL_BACKEND", default="")
):
    EMAIL_BACKEND = "core.mail.TerminalEmailBackend"
