"""Settings shared by every environment.

Secrets and infrastructure come from the environment (see ``.env.example``); the
``local``, ``test`` and ``production`` modules adjust these defaults.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from trainer.settings.environment import Env, fail

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

TIME_ZONE = env.time_zone("DJANGO_TIME_ZONE", default="UTC")
USE_TZ = True
LANGUAGE_CODE = "en-gb"
USE_I18N = True

# --- Applications -------------------------------------------------------------------

INSTALLED_APPS = [
    "trainer.admin_site.CoachAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "brand",
    "accounts",
    "outbox",
    "notifications",
    "newsletter",
    "clients",
    "screening",
    "programming",
    "assessments",
    "scheduling",
    "training",
    "packages",
    "blog",
    "booking",
    "messaging",
    "letters",
    "exchange",
    "api",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request in another charset than UTF-8: a 400, before anything reads it.
    "core.middleware.Utf8Middleware",
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A service's refusal that a view let escape: a message, never a 500.
    "core.middleware.RefusalMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trainer.urls"
WSGI_APPLICATION = "trainer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brand.context_processors.brand",
                "messaging.context_processors.unread",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's connection pool keeps connections open between requests, in each
    # web and worker process: opening one costs more than most pages.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DJANGO_DB_POOL_MIN", default=2),
        "max_size": env.int("DJANGO_DB_POOL_MAX", default=10),
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks rather
    # than fail, and let readers run alongside the writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url("REDIS_URL", default=None)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: pages degrade, they do not hang.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis and written through to the database: one query less a
    # page, and nothing lost if Redis restarts.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The clients' rows and sections of the dashboard, the client page and "My program"
# (core/fragments.py): in Redis beside the rest, else in each process's memory.
CACHES["fragments"] = (
    CACHES["default"]
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
)

# --- Users and authentication ---------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:landing"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation stays valid for three days

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): a number of failures for one email, whatever its
# spelling and wherever they come from, or from one address, for any emails, lock
# the login for a while. A success does not wipe the count: it would also wipe an
# address's failures against other accounts.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, holding the email
AXES_USERNAME_CALLABLE = "accounts.throttles.login_username"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_network"  # an IPv6 /64 is one
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Where every limit is counted (django-ratelimit's settings, read by core.ratelimit:
# the forms' limits and the API's throttles): the default cache, Redis in production,
# shared by every web process.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_CACHE_PREFIX = "rl:"
# POSTs allowed, as "count/period" (s, m, h, d): the public forms per visitor's
# address; password resets per address asked for, and per visitor's address.
CONSULTATION_RATE_LIMIT = env.rate("DJANGO_CONSULTATION_RATE_LIMIT", default="5/h")
NEWSLETTER_RATE_LIMIT = env.rate("DJANGO_NEWSLETTER_RATE_LIMIT", default="10/h")
# Holds of a consultation slot: per visitor's address, and per email address.
BOOKING_HOLD_RATE_LIMIT = env.rate("DJANGO_BOOKING_HOLD_RATE_LIMIT", default="10/h")
BOOKING_HOLD_EMAIL_RATE_LIMIT = env.rate(
    "DJANGO_BOOKING_HOLD_EMAIL_RATE_LIMIT", default="5/h"
)
PASSWORD_RESET_RATE_LIMIT = env.rate("DJANGO_PASSWORD_RESET_RATE_LIMIT", default="3/h")
PASSWORD_RESET_IP_RATE_LIMIT = env.rate(
    "DJANGO_PASSWORD_RESET_IP_RATE_LIMIT", default="10/h"
)
# Behind a proxy every request comes from the proxy: the request.META key of the
# header that carries the visitor's address (e.g. HTTP_X_REAL_IP). Every per-address
# count reads it through core.ratelimit.client_ip, which falls back to the peer
# address when a request lacks it.
CLIENT_IP_META_KEY = env.meta_key("DJANGO_RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip_to_count"
# An IPv6 visitor is counted by their /64, everywhere (the limits and the login).
RATELIMIT_IPV6_MASK = 64
# A count the cache cannot keep lets the request through (logged as an error by
# core.ratelimit): losing a visitor's request is worse than letting a few extra
# through.
RATELIMIT_FAIL_OPEN = True

# --- Security -------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Everything the pages load is served from this site: no inline script, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Online payment (Stripe Checkout) ------------------------------------------------

# Both or neither: without them, payments are recorded by hand. The webhook's secret
# is that of the endpoint set up in Stripe's dashboard (README, "Stripe").
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
if STRIPE_SECRET_KEY and not STRIPE_SECRET_KEY.startswith(("sk_", "rk_")):
    fail("STRIPE_SECRET_KEY", "must be a secret key (sk_...) or a restricted one.")
if STRIPE_WEBHOOK_SECRET and not STRIPE_WEBHOOK_SECRET.startswith("whsec_"):
    fail("STRIPE_WEBHOOK_SECRET", "must be a webhook signing secret (whsec_...).")
if bool(STRIPE_SECRET_KEY) != bool(STRIPE_WEBHOOK_SECRET):
    fail(
        "STRIPE_WEBHOOK_SECRET", "and STRIPE_SECRET_KEY are set together or not at all."
    )
# Where a client is sent to pay: the content security policy lets a form lead there
# only on the pages that offer to buy, and only when the keys are set
# (packages.views.allow_checkout).
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"

# --- Imports, exports and the API ----------------------------------------------------

# Where export zips are written; each is served only to whoever asked for it.
EXPORT_ROOT = Path(env.str("DJANGO_EXPORT_ROOT", default=str(VAR_DIR / "exports")))
# A ready export's zip is deleted this many days after it was built.
EXPORT_KEEP_DAYS = env.int("DJANGO_EXPORT_KEEP_DAYS", default=7)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials gets a 401 naming it.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.UserThrottle",
        "api.throttles.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.rate("DJANGO_API_RATE_LIMIT", default="1000/h"),
        "anon": env.rate("DJANGO_API_ANON_RATE_LIMIT", default="60/h"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's three, with JSON read within a depth and a size (see api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Strength Coach API",
    "DESCRIPTION": "Clients, assignments (with progress and regress), programs, "
    "workouts and sessions of the trainer (or, under /api/my/, of the client) who "
    "calls it.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from this site (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Static files and templates -------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files (the pictures of posts, the photos and videos of messages), each
# checked by its content before it is kept. Never served from a public URL or the web
# server's file index: a view hands each out with the type it was checked to be, and
# only to those allowed to see it. Local by default; any S3-compatible store through
# django-storages (see the README).
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-is-not-served/"

# --- Messages -------------------------------------------------------------------------

# A video attached to a message, at most this many megabytes.
MESSAGING_VIDEO_MAX_MB = env.int("MESSAGING_VIDEO_MAX_MB", default=50)
# A photo, as uploaded (it is re-encoded, without its location, before it is kept).
MESSAGING_PHOTO_MAX_MB = env.int("MESSAGING_PHOTO_MAX_MB", default=10)
# What every thread's photos and videos may take together, for the whole business.
MESSAGING_STORAGE_QUOTA_MB = env.int("MESSAGING_STORAGE_QUOTA_MB", default=20_000)
# A photo or video is deleted this many days after it was sent (the message stays).
MESSAGING_ATTACHMENT_KEEP_DAYS = env.int("MESSAGING_ATTACHMENT_KEEP_DAYS", default=365)
# Its sender may delete a message for this many minutes after sending it.
MESSAGING_DELETE_MINUTES = env.int("MESSAGING_DELETE_MINUTES", default=5)
# Someone who has not read a message for this many minutes gets one digest email.
MESSAGING_DIGEST_AFTER_MINUTES = env.int("MESSAGING_DIGEST_AFTER_MINUTES", default=60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ... from one URL.
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "DJANGO_EMAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend",
    )
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Coach <coach@example.com>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails leave the site, so their links are absolute: this is where they point.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")
EMAIL_TIMEOUT = 10
# The mail provider's sending limit (count/period, such as 14/s), kept by every worker
# process together through Redis (outbox/rate.py). Empty: no limit.
OUTBOX_RATE = env.str("OUTBOX_RATE", default="")
if OUTBOX_RATE:
    OUTBOX_RATE = env.rate("OUTBOX_RATE", default="")
# After this many permanent refusals (5xx) of an address, newsletters skip it.
OUTBOX_BOUNCE_LIMIT = env.int("OUTBOX_BOUNCE_LIMIT", default=3)
if OUTBOX_BOUNCE_LIMIT < 1:
    fail("OUTBOX_BOUNCE_LIMIT", "must be 1 or more.")

# --- Web Push -------------------------------------------------------------------------

# The site's VAPID keys (``manage.py push_keys`` makes a pair) and how push services
# may reach its operator. Without them push is off: nothing is queued and the
# notifications page says so.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="")
if VAPID_PUBLIC_KEY or VAPID_PRIVATE_KEY or VAPID_SUBJECT:
    from notifications.keys import keys_problem

    _vapid_problem = keys_problem(
        public=VAPID_PUBLIC_KEY, private=VAPID_PRIVATE_KEY, subject=VAPID_SUBJECT
    )
    if _vapid_problem:
        fail(*_vapid_problem)

# --- Celery ---------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # A broker that needs no server: messages are files under var/.
    _broker_dir = VAR_DIR / "celery" / "broker"
    _control_dir = VAR_DIR / "celery" / "control"
    for _folder in (_broker_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The soft limit stops a task cleanly (the reminder sweep sizes its batches to finish
# inside it); the hard limit kills it. An email claimed by a worker is taken over by
# another once its claim is twice the hard limit old.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    fail("CELERY_TASK_TIME_LIMIT", "must be longer than CELERY_TASK_SOFT_TIME_LIMIT.")
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang on a broker that is down: the outbox sweep sends later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "outbox.tasks.outbox_sweep_task",
        "schedule": 60.0,
    },
    "suggestions-sweep": {
        "task": "training.tasks.suggestions_sweep_task",
        "schedule": 60.0,
    },
    "session-reminders": {
        "task": "scheduling.tasks.reminder_sweep_task",
        "schedule": 60.0,
    },
    # Newsletter issues whose time has come are queued; finished ones marked sent.
    "letters-sweep": {
        "task": "letters.tasks.issue_sweep_task",
        "schedule": 60.0,
    },
    "error-report-sweep": {
        "task": "outbox.tasks.error_report_sweep_task",
        "schedule": 60.0,
    },
    "push-sweep": {
        "task": "notifications.tasks.push_sweep_task",
        "schedule": 60.0,
    },
    # A worker that has not run this for three minutes is reported (outbox.health).
    "worker-heartbeat": {
        "task": "outbox.tasks.heartbeat_record_task",
        "schedule": 30.0,
    },
    "screening-lapse-reminders": {
        "task": "screening.tasks.lapse_reminder_sweep_task",
        "schedule": 60 * 60.0,
    },
    # Posts scheduled for a time that has come are published (blog.services).
    "blog-publish-sweep": {
        "task": "blog.tasks.post_publish_due_task",
        "schedule": 60.0,
    },
    "message-digest-sweep": {
        "task": "messaging.tasks.digest_sweep_task",
        "schedule": 5 * 60.0,
    },
    "attachment-sweep": {
        "task": "messaging.tasks.attachment_sweep_task",
        "schedule": 60 * 60.0,
    },
    "export-sweep": {
        "task": "exchange.tasks.export_sweep_task",
        "schedule": 60 * 60.0,
    },
    # Unused credits of purchases past their validity are written off (FIFO).
    "credits-expiry-sweep": {
        "task": "packages.tasks.credits_expire_task",
        "schedule": 60 * 60.0,
    },
}

# --- Logging --------------------------------------------------------------------------

# One configuration in every process (web, worker, beat): Celery keeps it rather than
# install its own. Every handler masks the secrets of links (core.logs).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
DEFAULT_EXCEPTION_REPORTER = "core.logs.MaskingExceptionReporter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_secrets": {"()": "core.logs.MaskSecrets"},
        "refusals_without_traceback": {"()": "core.logs.RefusalsWithoutTraceback"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        },
        # runserver's access log
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_secrets"],
        },
        # Not Django's AdminEmailHandler, which mails from the failing request, once
        # per error, with its POST data and cookies: each error is counted on a
        # report that beat emails once an hour at most (outbox.handlers).
        "error_reports": {
            "level": "ERROR",
            "class": "outbox.handlers.ErrorReportHandler",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["error_reports"], "level": "INFO"},
        # On the logger, so that every handler it reaches sees the record without it.
        "django.request": {"filters": ["refusals_without_traceback"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        "django.db.backends": {"level": "WARNING"},
    },
}
