"""Every write of the scheduling app: sessions and series, reminders, calendar feeds."""

from scheduling.services.checks import (
    SERIES_IN_PAST,
    SERIES_NO_DAYS,
    SERIES_TOO_LONG,
    SESSION_HAS_STARTED,
    SESSION_IN_PAST,
    SESSION_IS_CANCELLED,
    SESSION_NOT_YET,
    SESSION_TOO_FAR,
    SESSION_TOO_LONG_AGO,
    SessionOverlap,
    trainer_lock,
)
from scheduling.services.feeds import calendar_feed_reset, calendar_feed_revoke
from scheduling.services.reminders import (
    REMINDER_BATCH,
    client_set_reminders,
    reminder_sweep,
)
from scheduling.services.series import series_schedule
from scheduling.services.sessions import (
    SESSION_NOT_STARTED,
    session_cancel,
    session_mark_attendance,
    session_record,
    session_reschedule,
    session_schedule,
)

__all__ = [
    "REMINDER_BATCH",
    "SERIES_IN_PAST",
    "SERIES_NO_DAYS",
    "SERIES_TOO_LONG",
    "SESSION_HAS_STARTED",
    "SESSION_IN_PAST",
    "SESSION_IS_CANCELLED",
    "SESSION_NOT_STARTED",
    "SESSION_NOT_YET",
    "SESSION_TOO_FAR",
    "SESSION_TOO_LONG_AGO",
    "SessionOverlap",
    "calendar_feed_reset",
    "calendar_feed_revoke",
    "client_set_reminders",
    "reminder_sweep",
    "series_schedule",
    "session_cancel",
    "session_mark_attendance",
    "session_record",
    "session_reschedule",
    "session_schedule",
    "trainer_lock",
]
