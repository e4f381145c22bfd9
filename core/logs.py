"""Secrets out of the logs. Some links are the only key to what they open: a private
calendar feed, a newsletter confirmation or unsubscribe link, a password-reset or
invitation link. Every log line (the web server's access log, Django's and Celery's
logs, error emails and pages) shows them masked."""

import logging
import re

from django.views.debug import ExceptionReporter
from gunicorn.glogging import Logger as GunicornBaseLogger

MASK = "[masked]"
SEGMENT = r"[^/\s?#\"']+"  # one path segment, as far as a log line shows it
SECRETS = [
    # /calendar/<token>.ics
    re.compile(rf"(?P<keep>/calendar/){SEGMENT}(?=\.ics)"),
    # /newsletter/confirm/<token>/, /newsletter/unsubscribe/<token>/, and a
    # client's /newsletter/issues/unsubscribe/<token>/
    re.compile(rf"(?P<keep>/newsletter/(?:issues/)?(?:confirm|unsubscribe)/){SEGMENT}"),
    # a visitor's booking, /book/<token>/ and its confirm, move and cancel links
    re.compile(rf"(?P<keep>/book/)(?!(?:details|held)/){SEGMENT}(?=/)"),
    # /accounts/reset/<uidb64>/<token>/ (Django swaps the token for "set-password")
    re.compile(rf"(?P<keep>/accounts/reset/{SEGMENT}/)(?!set-password\b){SEGMENT}"),
    # ?token=..., &key=... in any query string
    re.compile(r"(?P<keep>[?&](?:token|key|secret|signature|code)=)[^&\s#\"']+"),
]


def mask(text: str) -> str:
    """``text`` with every secret of a link replaced by ``MASK``."""
    for pattern in SECRETS:
        text = pattern.sub(rf"\g<keep>{MASK}", text)
    return text


class MaskSecrets(logging.Filter):
    """A logging filter that masks the secrets in a record's message and traceback.
    It never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class RefusalsWithoutTraceback(logging.Filter):
    """A refused or missing page (403, 404, 405, ...) is the app doing its job: one
    warning line with the path, not the traceback of the exception that refused it.
    Errors (5xx) keep theirs. It never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class MaskingExceptionReporter(ExceptionReporter):
    """Django's error report (the email to the admins, the debug page) with the
    secrets of the request's URL masked."""

    def get_traceback_text(self) -> str:
        return mask(super().get_traceback_text())

    def get_traceback_html(self) -> str:
        return mask(super().get_traceback_html())


class GunicornLogger(GunicornBaseLogger):
    """gunicorn's logger, masking secrets in its access and error logs
    (``--logger-class core.logs.GunicornLogger``)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, MaskSecrets) for f in log.filters):
                log.addFilter(MaskSecrets())
