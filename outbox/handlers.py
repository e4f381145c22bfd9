"""The logging handler that tells the admins of server errors through the outbox.

Django's ``AdminEmailHandler`` sends an email from the failing request itself, one per
error, with the request's POST data, cookies and CSRF token: anyone who can cause an
error (a 3 MB POST, say) can make the site send mail. This handler sends nothing. It
counts the error on a row of ``ErrorReport`` (``outbox.reports``), one row per error
and period, which beat emails once, with the count. What it writes leaves out every
body, cookie and header of the request.

It is named in ``LOGGING`` and so is imported before the apps are ready: models are
imported when a record arrives, not here.
"""

import hashlib
import logging
import threading
import traceback
from pathlib import Path

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.utils.functional import empty

from core.logs import mask

logger = logging.getLogger("outbox.reports")

# A request larger than the site takes is refused (400) and is not an error of the
# site: no report, or a big POST would be a way to make it send mail.
OVERSIZE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
# The database itself failed: a report could not be written, and trying would only
# wait on it again. The console has the error.
DATABASE_FAILURES = (OperationalError, InterfaceError)
NOT_WRITTEN = "Error report not written; the error is in this log only"
MAX_DETAILS = 20_000
UNRESOLVED = "(no route)"


def _chain(error: BaseException | None):
    """The error and those it was raised from or during."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def is_database_failure(error: BaseException | None) -> bool:
    return any(isinstance(e, DATABASE_FAILURES) for e in _chain(error))


def _error(record: logging.LogRecord) -> BaseException | None:
    return record.exc_info[1] if record.exc_info else None


def _where(path: str) -> str:
    """A file as a report shows it: relative to the project when it is in it."""
    try:
        return str(Path(path).relative_to(settings.BASE_DIR))
    except ValueError:
        return path


def _route(request) -> str:
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else UNRESOLVED


def _location(record: logging.LogRecord) -> str:
    """Where it went wrong: the innermost frame of the traceback, or the logging
    call."""
    if record.exc_info and record.exc_info[2] is not None:
        frame = traceback.extract_tb(record.exc_info[2])[-1]
        return f"{_where(frame.filename)}:{frame.lineno} in {frame.name}"
    return f"{_where(record.pathname)}:{record.lineno} in {record.funcName}"


def _kind(record: logging.LogRecord) -> str:
    error = _error(record)
    if error is None:
        return f"{record.levelname} from {record.name}"
    return f"{type(error).__module__}.{type(error).__qualname__}"


def fingerprint(record: logging.LogRecord) -> str:
    """The same error, wherever and however often it happens: its kind, where in the
    code, the logger and the route (the pattern, not the path a visitor chose)."""
    request = getattr(record, "request", None)
    parts = [record.name, _kind(record), _location(record), _route(request)]
    if record.exc_info is None:
        parts.append(str(record.msg))  # the message's pattern, before its arguments
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _user(request) -> str:
    """The signed-in user's id, if the request had already looked them up: reading
    it here could query a database that is failing."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return "user not looked up"
    return f"user {wrapped.pk}" if wrapped.is_authenticated else "anonymous"


def title(record: logging.LogRecord) -> str:
    request = getattr(record, "request", None)
    error = _error(record)
    what = type(error).__name__ if error is not None else record.levelname
    where = _route(request) if request is not None else record.name
    return mask(f"{what} at {where}")[:255]


def details(record: logging.LogRecord) -> str:
    """What the admins read: the message, the request line without its query, the
    route, who, and the traceback (code only, no variables). Never the request's
    body, cookies or headers. Secrets of links are masked."""
    request = getattr(record, "request", None)
    lines = [record.getMessage(), f"Logged by {record.name} at {_location(record)}"]
    if request is not None:
        line = (
            f"Request: {request.method} {request.path} (route {_route(request)}), "
            f"{_user(request)}"
        )
        status = getattr(record, "status_code", None)
        lines.append(f"{line}, answered {status}" if status else line)
    if record.exc_info:
        lines.append("")
        lines.append("".join(traceback.format_exception(*record.exc_info)).rstrip())
    from core.models import CONTROL_CHARACTERS  # a models module: not at start-up

    text = mask("\n".join(lines))
    return CONTROL_CHARACTERS.sub("", text)[:MAX_DETAILS]


class ErrorReportHandler(logging.Handler):
    """Count an error on its report for the admins (``outbox.reports``); never send
    from here. Oversize requests are not reported; a failed database, or a report
    that cannot be written, is left to the log."""

    _busy = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        error = _error(record)
        if isinstance(error, OVERSIZE) or is_database_failure(error):
            return
        if getattr(self._busy, "on", False):
            return  # an error while writing a report: the log has it
        self._busy.on = True
        try:
            from outbox.reports import error_report_record

            error_report_record(
                fingerprint=fingerprint(record),
                title=title(record),
                details=details(record),
            )
        except Exception:
            logger.warning(NOT_WRITTEN, exc_info=True)
        finally:
            self._busy.on = False
