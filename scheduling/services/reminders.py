"""The reminder sweep: claim the reminders that are due in batches, write their emails
to the outbox and send each batch over one mail connection, several workers at once
(the outbox's shape for mass sends: see ``outbox.services``).

Sessions are the first source of reminders; an app above this one adds its own
(a visitor's booked consultation) with ``reminder_source_register``, and its
reminders ride the same sweep, claim and sends."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from time import monotonic

from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from notifications.models import Topic
from notifications.services import PushDraft, push_queue_many
from outbox import rate
from outbox.models import Email
from outbox.services import (
    BATCH_SIZE,
    EmailDraft,
    absolute_url,
    email_queue_many,
    email_send_batch,
)
from scheduling.models import Session
from scheduling.selectors import session_program_day, session_when

logger = logging.getLogger(__name__)

# The outbox's batch: five statements a batch (with BEGIN and COMMIT) and one per
# email, marking it sent; each batch can go to another worker process.
REMINDER_BATCH = BATCH_SIZE
# A batch must be sent before the task's time is up, and a remote mail relay takes
# up to 100 ms a message; this adds the worker's own share, with room to spare.
SECONDS_PER_EMAIL = 0.125


@dataclass(frozen=True)
class Sweep:
    written: int  # reminder emails written to the outbox (and handed to the mail)
    finished: bool  # False when it stopped at ``max_batches`` with more to do
    handed_off: bool = False  # the rest was handed to the next sweep


@dataclass(frozen=True)
class ReminderSource:
    """Rows that get reminders, as the sweep needs them.

    The model has ``sequence`` and, per kind it sends, the kind's ``due_field`` and
    ``sent_field`` (as ``Session`` has). ``due(now, kind)`` is the rows whose reminder
    of ``kind`` is due, joined for ``draft``; ``draft(row, kind, now, links)`` is its
    email; ``push(rows, kind, now)`` the pushes of a batch, if it sends any.
    """

    name: str
    kinds: tuple[Session.Reminder, ...]
    due: Callable[[datetime, Session.Reminder], QuerySet]
    draft: Callable[..., EmailDraft]
    push: Callable[..., Iterable[PushDraft]] = field(default=lambda *a, **k: ())


def reminder_key(session: Session, kind: Session.Reminder) -> str:
    """The outbox key of one reminder: one per session, kind and schedule."""
    return f"session-reminder:{session.pk}:{kind.value}:{session.sequence}"


def _draft(
    session: Session, *, kind: Session.Reminder, now: datetime, links: dict[str, str]
) -> EmailDraft:
    client = session.client
    return EmailDraft(
        key=reminder_key(session, kind),
        to=client.email,
        template="session_reminder",
        context={
            "session": session,
            "client": client,
            "trainer": session.trainer,
            "when": session_when(session, time_zone=client.time_zone, now=now),
            "program_day": session_program_day(session),
            "has_login": client.user_id is not None,
            **links,
        },
    )


def _push_draft(
    session: Session, *, kind: Session.Reminder, now: datetime
) -> PushDraft:
    """The reminder's push, for a client who logs in and wants session reminders."""
    when = session_when(session, time_zone=session.client.time_zone, now=now)
    return PushDraft(
        user_id=session.client.user_id,
        topic=Topic.REMINDERS,
        key=reminder_key(session, kind),
        title=f"Session {when['day']} at {when['start']}",
        body=f"With {session.trainer.get_full_name() or session.trainer.email}, "
        f"{when['start']}–{when['end']}",
        url=reverse("scheduling:my_sessions"),
    )


def _session_pushes(
    sessions: list[Session], *, kind: Session.Reminder, now: datetime
) -> Iterable[PushDraft]:
    return (_push_draft(s, kind=kind, now=now) for s in sessions if s.client.user_id)


SESSIONS = ReminderSource(
    name="sessions",
    kinds=(Session.Reminder.TWO_HOURS, Session.Reminder.DAY_BEFORE),
    due=lambda now, kind: Session.objects.due_for_reminder(now, kind).select_related(
        "client__user", "client__trainer"
    ),
    draft=_draft,
    push=_session_pushes,
)
_sources: list[ReminderSource] = [SESSIONS]


def reminder_source_register(source: ReminderSource) -> None:
    """Add a source of reminders to the sweep (from an app's ``ready()``).
    Idempotent: a source of the same name is replaced."""
    _sources[:] = [each for each in _sources if each.name != source.name]
    _sources.append(source)


def reminder_sources() -> list[ReminderSource]:
    return list(_sources)


@transaction.atomic
def _claim_batch(
    *,
    source: ReminderSource,
    kind: Session.Reminder,
    now: datetime,
    size: int,
    links: dict[str, str],
) -> list[Email]:
    """Claim up to ``size`` due reminders of ``kind`` and write their emails.

    The batch is read ``FOR UPDATE SKIP LOCKED`` (PostgreSQL): racing sweeps take
    different rows, and one being cancelled or moved right now waits for the
    next sweep. SQLite runs one writing transaction at a time. Then one conditional
    UPDATE stamps each row's schedule version into its sent field; if any row
    no longer matches, another sweep got there first and the batch rolls back.
    """
    rows: list[Model] = list(
        source.due(now, kind)
        .order_by("starts_at", "pk")
        .select_for_update(skip_locked=True, of=("self",))[:size]
    )
    if not rows:
        return []
    model = type(rows[0])
    claimed = (
        model._default_manager.filter(pk__in=[row.pk for row in rows])
        .exclude(**{kind.sent_field: F("sequence")})
        .update(**{kind.sent_field: F("sequence")})
    )
    if claimed != len(rows):
        logger.warning("Reminder batch raced another sweep; left for the next one")
        transaction.set_rollback(True)
        return []
    push_queue_many(drafts=source.push(rows, kind=kind, now=now))
    return email_queue_many(
        drafts=(source.draft(row, kind=kind, now=now, links=links) for row in rows),
        now=timezone.now(),
    )


def reminder_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = REMINDER_BATCH,
    max_batches: int | None = None,
    deadline: float | None = None,
    hand_off: Callable[[], None] | None = None,
) -> Sweep:
    """Email every session reminder due at ``now``.

    Each batch is claimed and its emails written to the outbox in one transaction,
    then sent over one mail connection, each email marked sent as the server accepts
    it: a handful of queries per batch and one per email, and memory that stays flat
    however many are due. Stops after ``max_batches`` when given, leaving the rest
    for the next sweep. With a ``deadline`` (a ``time.monotonic()`` reading) a batch
    holds no more than can be sent before it at ``SECONDS_PER_EMAIL``, and the sweep
    stops when not one more would fit; an email not started by then goes back to the
    outbox, due at once.

    With ``hand_off`` (which queues the next sweep for another worker process), a
    sweep whose batch came back full calls it as soon as the claim has committed,
    sends its own batch and stops: each worker process takes a batch at once, and
    more processes send more emails a second.

    Idempotent: a reminder is claimed once per session, kind and schedule, by a
    conditional UPDATE, so overlapping sweeps, retries and redelivered tasks never
    send it twice. A send that fails is retried by the outbox sweep.
    """
    now = now or timezone.now()
    links = {
        "program_url": absolute_url(reverse("dashboard:my_program")),
        "reminders_url": absolute_url(reverse("scheduling:my_sessions")),
    }
    written = batches = 0
    # The 2-hour reminders first: they are the more urgent.
    rounds = [
        (source, kind)
        for kind in (Session.Reminder.TWO_HOURS, Session.Reminder.DAY_BEFORE)
        for source in _sources
        if kind in source.kinds
    ]
    for source, kind in rounds:
        while True:
            if max_batches is not None and batches >= max_batches:
                return Sweep(written=written, finished=False)
            size = batch_size
            if deadline is not None:
                left = deadline - monotonic()
                per_email = max(SECONDS_PER_EMAIL, rate.interval() or 0)
                size = min(size, int(left / per_email))
                if size < 1:
                    return Sweep(written=written, finished=False)
            emails = _claim_batch(
                source=source, kind=kind, now=now, size=size, links=links
            )
            batches += 1
            written += len(emails)
            full = len(emails) == size
            # After the claim commits (at once, outside a transaction): never send
            # an email whose claim could still roll back, and let another worker
            # claim the next batch while this one sends.
            if full and hand_off is not None:
                transaction.on_commit(hand_off)
            transaction.on_commit(
                lambda emails=emails: email_send_batch(emails=emails, deadline=deadline)
            )
            if full and hand_off is not None:
                return Sweep(written=written, finished=False, handed_off=True)
            if not full:
                break
    return Sweep(written=written, finished=True)


def client_set_reminders(*, client: Client, reminders: str) -> Client:
    """Choose which session reminders the client gets: 24 hours before, 2 hours
    before, both or none. Sessions already reminded are not reminded again."""
    client.reminders = Client._meta.get_field("reminders").clean(reminders, client)
    client.save(update_fields=["reminders", "updated_at"])
    return client
