"""What the reminder sweep leaves in the outbox: each reminder written with its claim
time, then sent with ``sent_at`` and one attempt; a reminder whose sender died is
taken over by the outbox sweep; the urgent reminders go first; a sweep does exactly
its share."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from clients.models import Client
from outbox.models import Email
from outbox.services import claim_timeout, email_sweep
from scheduling.services import client_set_reminders, reminder_sweep
from tests.factories import ClientFactory, ClientWithLoginFactory, SessionFactory
from tests.scheduling.conftest import bulk_due_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep at ``now`` and deliver what it sends, as after a commit."""

    def run(now, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminder_sweep(now=now, **kwargs)

    return run


def test_a_reminder_is_written_claimed_then_sent_with_one_attempt(sweep, mailoutbox):
    before = timezone.now()
    session = SessionFactory(starts_at=before + timedelta(hours=3))
    assert sweep(before).written == 1
    after = timezone.now()
    email = Email.objects.get()
    assert email.key == f"session-reminder:{session.pk}:24h:0"
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert before <= email.claimed_at <= email.sent_at <= after
    assert email.retry_at is None
    assert len(mailoutbox) == 1


def test_a_reminder_whose_sender_died_is_sent_once_its_claim_is_stale(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    SessionFactory(starts_at=now + timedelta(hours=3))
    # The sweep commits its claim, then dies before the batch is handed to the mail.
    with django_capture_on_commit_callbacks(execute=False):
        assert reminder_sweep(now=now).written == 1
    email = Email.objects.get()
    assert email.status == Email.Status.SENDING
    assert now <= email.claimed_at <= timezone.now()
    assert email_sweep(now=timezone.now()) == 0  # its sender may still be at it
    assert reminder_sweep(now=now + timedelta(minutes=1)).written == 0
    # Once the claim is stale, the outbox sweep sends it, once.
    stale = email.claimed_at - claim_timeout() - timedelta(seconds=1)
    Email.objects.update(claimed_at=stale, created_at=stale)
    assert email_sweep(now=timezone.now()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert len(mailoutbox) == 1


def test_the_two_hour_reminders_go_before_the_day_before_ones(sweep, mailoutbox):
    now = datetime(2026, 5, 4, 12, tzinfo=UTC)
    tomorrow = SessionFactory(starts_at=now + timedelta(hours=20))
    soon = SessionFactory(
        starts_at=now + timedelta(minutes=90), client__reminders=Client.Reminders.BOTH
    )
    first = sweep(now, batch_size=1, max_batches=1)
    assert (first.written, first.finished) == (1, False)
    assert list(Email.objects.values_list("key", flat=True)) == [
        f"session-reminder:{soon.pk}:2h:0"
    ]
    # The 2-hour reminders are done: the next single batch is the day before's.
    second = sweep(now, batch_size=1, max_batches=2)
    assert (second.written, second.finished) == (1, False)
    assert Email.objects.filter(key=f"session-reminder:{tomorrow.pk}:24h:0").exists()
    assert (sweep(now, batch_size=1).written, len(mailoutbox)) == (0, 2)


@pytest.mark.parametrize(
    ("due", "batch_size", "max_batches", "written", "finished"),
    [
        (3, 2, 1, 0, False),  # the one batch went on the (empty) 2-hour reminders
        (3, 2, 2, 2, False),
        (3, 2, 3, 3, False),  # the visitors' consultations are still to read
        (3, 2, 4, 3, True),
        (4, 2, 3, 4, False),  # a full batch may have more behind it
        (4, 2, 5, 4, True),
        (4, 2, None, 4, True),
        (4, 5, None, 4, True),
        (0, 2, 1, 0, False),
        (0, 2, 2, 0, False),
        (0, 2, 3, 0, True),
    ],
)
def test_a_sweep_does_exactly_its_share(
    sweep, mailoutbox, now, due, batch_size, max_batches, written, finished
):
    if due:
        bulk_due_sessions(due, now=now)
    done = sweep(now, batch_size=batch_size, max_batches=max_batches)
    assert (done.written, done.finished) == (written, finished)
    assert Email.objects.filter(status=Email.Status.SENT).count() == written
    assert len(mailoutbox) == written


def test_the_reminder_links_to_the_program_and_the_reminder_settings(
    sweep, mailoutbox, settings
):
    settings.SITE_URL = "https://coach.example.com/"
    session = SessionFactory(client=ClientWithLoginFactory())
    sweep(session.remind_24h_at)
    body = mailoutbox[0].body
    assert "Your program, with every exercise and its cues: " in body
    assert "https://coach.example.com/my/program/" in body
    assert "Change when you get reminders: https://coach.example.com/my/sessions/" in (
        body
    )


def test_the_sweep_runs_on_the_clock_when_no_time_is_given(mailoutbox):
    SessionFactory(starts_at=timezone.now() + timedelta(hours=3))
    assert reminder_sweep().written == 1


def test_choosing_reminders_changes_nothing_else_of_the_client():
    """A trainer editing the client meanwhile keeps their edit."""
    client = ClientFactory(first_name="Alex", reminders=Client.Reminders.DAY_BEFORE)
    stale = Client.objects.get(pk=client.pk)
    Client.objects.filter(pk=client.pk).update(first_name="Sam")
    client_set_reminders(client=stale, reminders=Client.Reminders.BOTH)
    client.refresh_from_db()
    assert (client.first_name, client.reminders) == ("Sam", Client.Reminders.BOTH)


def test_the_reminder_greets_the_client_by_first_name(sweep, mailoutbox):
    session = SessionFactory(client__first_name="Alex")
    sweep(session.remind_24h_at)
    assert mailoutbox[0].body.startswith("Hello Alex,\n")
