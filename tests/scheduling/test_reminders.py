"""The reminder sweep: once per session, kind and schedule, at the right local time,
in a number of queries that grows with batches, not with sessions."""

import functools
import math
import smtplib
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from brand.selectors import brand_get
from clients.models import Client
from outbox.models import Email
from outbox.services import email_sweep
from scheduling import tasks
from scheduling.services import (
    REMINDER_BATCH,
    reminder_sweep,
    session_cancel,
    session_reschedule,
    session_schedule,
)
from tests.factories import ClientWithLoginFactory, SessionFactory, TrainerFactory
from tests.outbox.test_services import FlakySMTP
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep at ``now`` and deliver what it sends, as after a commit."""

    def run(now, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminder_sweep(now=now, **kwargs)

    return run


def book(client, day, at, *, now, **kwargs):
    return session_schedule(
        client=client,
        day=day,
        start_time=at,
        duration=timedelta(hours=1),
        now=now,
        **kwargs,
    )


def test_a_due_reminder_is_emailed_once_with_when_where_and_what(sweep, mailoutbox):
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")
    client = ClientWithLoginFactory(trainer=trainer, first_name="Alex")
    now = datetime(2026, 5, 4, 8, tzinfo=UTC)
    session = book(
        client,
        date(2026, 5, 5),
        time(7),
        now=now - timedelta(days=2),
        location="Main gym",
        focus="Day A: hinge and push",
        notes="Bring <b>chalk</b>",
    )
    assert sweep(now).written == 1
    assert sweep(now + timedelta(hours=1)).written == 0
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [client.email]
    assert email.subject == "Reminder: training tomorrow at 07:00"
    assert "training session with Chris Coach tomorrow" in email.body
    assert "Tuesday 5 May, 07:00 to 08:00 (UTC)" in email.body
    assert "Where: Main gym" in email.body
    assert "What:  Day A: hinge and push" in email.body
    assert "Bring <b>chalk</b>" in email.body
    assert "http://testserver/my/program/" in email.body
    html = email.alternatives[0].content
    assert "Bring &lt;b&gt;chalk&lt;/b&gt;" in html
    row = Email.objects.get()
    assert row.key == f"session-reminder:{session.pk}:24h:0"
    assert row.status == Email.Status.SENT


@pytest.mark.parametrize(
    ("zone", "day", "not_yet", "due"),
    [
        # Sunday 29 March 2026, 10:00 BST: the day before at 10:00 GMT, 23 h ahead.
        ("Europe/London", date(2026, 3, 29), (2026, 3, 28, 9, 59), (2026, 3, 28, 10)),
        # Sunday 25 October, 10:00 GMT: the day before at 10:00 BST, 25 h ahead.
        ("Europe/London", date(2026, 10, 25), (2026, 10, 24, 8, 59), (2026, 10, 24, 9)),
        # Sunday 8 March, 10:00 EDT: the day before at 10:00 EST.
        ("America/New_York", date(2026, 3, 8), (2026, 3, 7, 14, 59), (2026, 3, 7, 15)),
        # Sunday 1 November, 10:00 EST: the day before at 10:00 EDT.
        (
            "America/New_York",
            date(2026, 11, 1),
            (2026, 10, 31, 13, 59),
            (2026, 10, 31, 14),
        ),
    ],
)
def test_the_day_before_reminder_comes_at_the_same_local_time_across_a_clock_change(
    sweep, mailoutbox, zone, day, not_yet, due
):
    trainer = TrainerFactory(time_zone=zone)
    client = ClientWithLoginFactory(trainer=trainer)
    client.user.time_zone = zone
    client.user.save()
    book(client, day, time(10), now=datetime(2026, 1, 1, tzinfo=UTC))
    assert sweep(datetime(*not_yet, tzinfo=UTC)).written == 0
    assert sweep(datetime(*due, tzinfo=UTC)).written == 1
    assert mailoutbox[0].subject == "Reminder: training tomorrow at 10:00"
    assert f"10:00 to 11:00 ({zone})" in mailoutbox[0].body


def test_the_client_reads_the_time_on_their_own_clock(sweep, mailoutbox):
    trainer = TrainerFactory(time_zone="Europe/London")
    client = ClientWithLoginFactory(trainer=trainer)
    client.user.time_zone = "America/New_York"
    client.user.save()
    session = book(
        client, date(2026, 3, 29), time(10), now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    sweep(session.remind_24h_at)
    assert mailoutbox[0].subject == "Reminder: training tomorrow at 05:00"
    assert "Sunday 29 March, 05:00 to 06:00 (America/New_York)" in mailoutbox[0].body


def test_a_client_without_a_login_reads_their_trainers_clock_and_no_links(
    sweep, mailoutbox
):
    session = SessionFactory(
        client__trainer=TrainerFactory(time_zone="Asia/Tokyo"),
        starts_at=datetime(2026, 5, 5, 1, tzinfo=UTC),
        ends_at=datetime(2026, 5, 5, 2, tzinfo=UTC),
    )
    sweep(session.remind_24h_at)
    assert mailoutbox[0].subject == "Reminder: training tomorrow at 10:00"
    assert "/my/program/" not in mailoutbox[0].body
    assert "tell your coach" in mailoutbox[0].body


def test_a_client_who_wants_both_gets_two_reminders_and_no_more(sweep, mailoutbox):
    session = SessionFactory(
        client__reminders=Client.Reminders.BOTH,
        starts_at=datetime(2026, 5, 5, 7, tzinfo=UTC),
    )
    for hour in [(5, 4, 7), (5, 4, 12), (5, 5, 5), (5, 5, 6, 59)]:
        sweep(datetime(2026, *hour, tzinfo=UTC))
    assert [m.subject for m in mailoutbox] == [
        "Reminder: training tomorrow at 07:00",
        "Reminder: training today at 07:00",
    ]
    assert sorted(Email.objects.values_list("key", flat=True)) == [
        f"session-reminder:{session.pk}:24h:0",
        f"session-reminder:{session.pk}:2h:0",
    ]


def test_a_client_who_wants_none_gets_none(sweep, mailoutbox):
    session = SessionFactory(client__reminders=Client.Reminders.NONE)
    sweep(session.starts_at - MINUTE)
    assert mailoutbox == []


def test_after_an_outage_the_sweep_sends_what_is_still_ahead(sweep, mailoutbox):
    ahead = SessionFactory(starts_at=datetime(2026, 5, 5, 7, tzinfo=UTC))
    SessionFactory(starts_at=datetime(2026, 5, 5, 5, tzinfo=UTC))  # started
    assert sweep(datetime(2026, 5, 5, 6, tzinfo=UTC)).written == 1
    assert mailoutbox[0].subject == "Reminder: training today at 07:00"
    assert Email.objects.get().key.startswith(f"session-reminder:{ahead.pk}:")


def test_a_rescheduled_session_is_reminded_of_its_new_time_once(sweep, mailoutbox):
    client = ClientWithLoginFactory()
    now = datetime(2026, 5, 1, tzinfo=UTC)
    session = book(client, date(2026, 5, 5), time(7), now=now)
    sweep(session.remind_24h_at)
    moved_at = session.remind_24h_at + timedelta(hours=1)
    session_reschedule(
        session=session,
        day=date(2026, 5, 5),
        start_time=time(18),
        duration=timedelta(hours=1),
        now=moved_at,
    )
    session.refresh_from_db()
    sweep(moved_at)
    sweep(session.remind_24h_at)
    sweep(session.remind_24h_at + timedelta(hours=2))
    assert [m.subject for m in mailoutbox] == [
        "Reminder: training tomorrow at 07:00",
        "Reminder: training tomorrow at 18:00",
    ]


def test_a_session_cancelled_after_its_reminder_is_not_reminded_again(
    sweep, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(client__reminders=Client.Reminders.BOTH)
    sweep(session.remind_24h_at)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, now=session.remind_24h_at)
    sweep(session.starts_at - MINUTE)
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Reminder", "Cancelled"]


def test_a_reminder_whose_sending_failed_is_retried_by_the_outbox(
    sweep, mailoutbox, settings
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = 2  # the send, and its retry over a new connection
    now = timezone.now()
    SessionFactory(starts_at=now + timedelta(hours=3))
    assert sweep(now).written == 1
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.PENDING, 1)
    assert email.retry_at > now
    assert mailoutbox == []
    # The reminder stays claimed: the next sweep writes no second email...
    assert sweep(now + MINUTE).written == 0
    # ...and once its retry time has come, the outbox sweep sends it.
    Email.objects.update(retry_at=now)
    email_sweep(now=now + MINUTE)
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == Email.Status.SENT


def test_a_refused_address_fails_alone_and_the_batch_goes_on(
    sweep, mailoutbox, monkeypatch
):
    sessions = [SessionFactory(), SessionFactory(), SessionFactory()]
    refused = sessions[1].client.email
    send = EmailBackend.send_messages

    def refuse_one(self, messages):
        if messages[0].to == [refused]:
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"no such user")})
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_one)
    sweep(max(s.remind_24h_at for s in sessions))
    assert len(mailoutbox) == 2
    statuses = dict(Email.objects.values_list("to", "status"))
    assert statuses[refused] == Email.Status.FAILED
    assert list(statuses.values()).count(Email.Status.SENT) == 2


def test_a_sweep_stops_at_its_share_and_the_next_one_goes_on(sweep, mailoutbox, now):
    bulk_due_sessions(5, now=now)
    first = sweep(now, batch_size=2, max_batches=2)
    assert (first.written, first.finished) == (2, False)
    second = sweep(now, batch_size=2)
    assert (second.written, second.finished) == (3, True)
    assert len(mailoutbox) == 5


def test_a_full_batch_queues_the_next_sweep_before_sending_its_own(
    monkeypatch, mailoutbox, now, django_capture_on_commit_callbacks
):
    bulk_due_sessions(3, now=now)
    sent_when_queued = []
    monkeypatch.setattr(
        tasks, "reminder_sweep", functools.partial(reminder_sweep, batch_size=2)
    )
    monkeypatch.setattr(
        tasks.reminder_sweep_task,
        "delay",
        lambda: sent_when_queued.append(len(mailoutbox)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminder_sweep_task() == 2
    # Queued for another worker process as soon as the claim committed, before
    # this one sent a thing.
    assert sent_when_queued == [0]
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminder_sweep_task() == 1
    assert sent_when_queued == [0]  # a batch that was not full was the last
    assert len(mailoutbox) == 3


def test_the_next_sweep_waits_for_beat_when_the_broker_is_down(
    monkeypatch, mailoutbox, now, django_capture_on_commit_callbacks, caplog
):
    bulk_due_sessions(3, now=now)
    monkeypatch.setattr(
        tasks, "reminder_sweep", functools.partial(reminder_sweep, batch_size=2)
    )

    def down():
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.reminder_sweep_task, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminder_sweep_task() == 2
    assert len(mailoutbox) == 2
    assert "the next reminder sweep waits for beat" in caplog.text


def _inserts(rows: int) -> int:
    """INSERT statements for ``rows`` outbox rows: one, but SQLite allows 999
    parameters per statement, so Django splits it there."""
    if connection.vendor != "sqlite":
        return 1
    fields = len([f for f in Email._meta.concrete_fields if not f.primary_key])
    return math.ceil(rows / (connection.features.max_query_params // fields))


@pytest.mark.django_db(transaction=True)
def test_a_sweep_takes_a_few_queries_per_batch_and_one_per_email(
    now, mailoutbox, django_assert_num_queries
):
    # Two full batches (Django keeps the last 9,000 queries to count them by).
    due = 2 * REMINDER_BATCH
    bulk_due_sessions(due, now=now)
    # Per batch: BEGIN, read and lock the due sessions, claim them (UPDATE), write
    # their emails, COMMIT; then each email is marked sent as the server accepts it,
    # so that a crash resends at most the one on the wire. One empty read per source
    # and kind of reminder (BEGIN, SELECT, COMMIT) ends the sweep: sessions' two
    # kinds and the visitors' consultations' day-before reminder.
    per_batch = 4 + _inserts(REMINDER_BATCH) + REMINDER_BATCH
    end = 3 * 3
    # The brand comes from the cache for a minute; setting up a few hundred sessions
    # on a busy machine can take longer, so it is read afresh before counting.
    brand_get()
    with django_assert_num_queries(2 * per_batch + end):
        assert reminder_sweep(now=now).written == due
    assert len(mailoutbox) == due
    assert len({m.to[0] for m in mailoutbox}) == 10
    assert Email.objects.filter(status=Email.Status.SENT).count() == due
