"""What the outbox records about each email as it is written, claimed, sent, retried
and given up on: claim time, ``sent_at``, attempts, ``retry_at`` and the error, to
the second, for one email and for a batch."""

import logging
import smtplib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from outbox import services, tasks
from outbox.models import Email
from outbox.services import (
    MAX_ATTEMPTS,
    EmailDraft,
    absolute_url,
    claim_timeout,
    email_claim,
    email_queue,
    email_queue_many,
    email_send,
    email_send_batch,
    email_sweep,
)
from tests.outbox.test_services import FlakySMTP

pytestmark = pytest.mark.django_db

DROPPED = "SMTPServerDisconnected('connection dropped')"


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def queue(key="event:1", **kwargs) -> Email:
    return email_queue(
        key=key,
        to="someone@example.com",
        template="password_reset",
        context={"user": None, "url": "http://testserver/x/"},
        **kwargs,
    )


def record(email: Email) -> tuple:
    email.refresh_from_db()
    return (email.status, email.attempts, email.claimed_at, email.sent_at)


@pytest.fixture
def outbox_log(monkeypatch):
    """What the outbox logs from warnings up, read from a handler on its own logger:
    whatever earlier tests in the run did to logging (a real Celery worker sets it up
    for itself), these records are not lost on the way to the root logger."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    was_disabled, level = logging.root.manager.disable, services.logger.level
    logging.disable(logging.NOTSET)
    monkeypatch.setattr(services.logger, "disabled", False)
    services.logger.setLevel(logging.WARNING)
    services.logger.addHandler(handler)
    yield lambda: [r.getMessage() for r in records]
    services.logger.removeHandler(handler)
    services.logger.setLevel(level)
    logging.disable(was_disabled)


def drafts(count: int) -> list[EmailDraft]:
    return [
        EmailDraft(
            key=f"batch:{n}",
            to=f"person{n}@example.com",
            template="password_reset",
            context={"user": None, "url": f"http://testserver/{n}/"},
        )
        for n in range(count)
    ]


def test_links_in_emails_are_absolute_whatever_the_site_url_ends_with(settings):
    settings.SITE_URL = "https://coach.example.com/"
    assert absolute_url("/my/program/") == "https://coach.example.com/my/program/"
    settings.SITE_URL = "https://coach.example.com"
    assert absolute_url("/my/program/") == "https://coach.example.com/my/program/"


def test_a_queued_email_is_pending_with_its_rendered_parts():
    email = queue()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.claimed_at) == ("pending", 0, None)
    assert email.subject == "Set a new password for Strength Coach"
    assert email.headers == {}
    assert email.body_text.endswith("your password stays as it is.\n")
    assert not email.body_text.endswith("\n\n")
    assert "http://testserver/x/" in email.body_html


def test_a_sent_email_records_its_claim_its_time_and_one_attempt(now, mailoutbox):
    email = queue()
    assert email_send(email_id=email.pk, now=now) == Email.Status.SENT
    assert record(email) == ("sent", 1, now, now)
    assert email.updated_at == now
    assert email.retry_at is None
    [message] = mailoutbox
    assert [(a.content, a.mimetype) for a in message.alternatives] == [
        (email.body_html, "text/html")
    ]


def test_each_transient_failure_counts_an_attempt_and_doubles_the_wait(
    settings, now, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = 3
    email = queue()
    at = now
    for attempt, wait in [(1, 60), (2, 120), (3, 240)]:
        assert email_send(email_id=email.pk, now=at) == Email.Status.PENDING
        assert record(email) == ("pending", attempt, at, None)
        assert email.retry_at == at + timedelta(seconds=wait)
        assert (email.last_error, email.updated_at) == (DROPPED, at)
        # Not a second before its time.
        at = email.retry_at
        assert email_send(email_id=email.pk, now=at - timedelta(seconds=1)) is None
    assert email_send(email_id=email.pk, now=at) == Email.Status.SENT
    assert record(email) == ("sent", 4, at, at)
    assert len(mailoutbox) == 1


def test_the_last_attempt_is_the_sixth_and_then_it_fails_for_good(
    settings, now, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = MAX_ATTEMPTS
    email = queue()
    for attempt in range(1, MAX_ATTEMPTS):
        assert email_send(email_id=email.pk, now=now) == Email.Status.PENDING
        assert record(email)[:2] == ("pending", attempt)
        now = email.retry_at
    assert email_send(email_id=email.pk, now=now) == Email.Status.FAILED
    assert record(email)[:2] == ("failed", MAX_ATTEMPTS)
    assert email_send(email_id=email.pk, now=now + timedelta(days=1)) is None
    assert mailoutbox == []


def test_a_claim_records_when_a_worker_took_the_email(now):
    email = queue()
    later = now + timedelta(minutes=1)
    assert email_claim(email_id=email.pk, now=later)
    assert record(email) == ("sending", 0, later, None)
    assert email.updated_at == later
    assert not email_claim(email_id=email.pk, now=later)


def test_an_email_out_of_attempts_is_never_claimed_even_if_pending(now):
    email = queue()
    Email.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    assert email_claim(email_id=email.pk, now=now)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.PENDING, attempts=MAX_ATTEMPTS
    )
    assert not email_claim(email_id=email.pk, now=now)


def test_a_transient_failure_is_not_logged_as_final(settings, now, outbox_log):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = 1
    email_send(email_id=queue().pk, now=now)
    assert outbox_log() == []


def test_a_long_error_is_kept_to_two_thousand_characters(now, monkeypatch):
    def refused(self, messages):
        raise smtplib.SMTPDataError(554, "x" * 3000)

    monkeypatch.setattr(LocmemBackend, "send_messages", refused)
    email = queue()
    email_send(email_id=email.pk, now=now)
    email.refresh_from_db()
    assert len(email.last_error) == 2000
    assert email.last_error.startswith("SMTPDataError(554, 'xxx")


# --- Batches ------------------------------------------------------------------------


def test_a_batch_is_written_claimed_at_the_given_time(now):
    emails = email_queue_many(drafts=drafts(2), now=now)
    assert {record(e) for e in emails} == {("sending", 0, now, None)}


def test_a_batch_reads_the_brand_and_each_template_once(monkeypatch, now):
    reads = []
    brand = services.brand_get()
    monkeypatch.setattr(services, "brand_get", lambda: reads.append("brand") or brand)
    load = services.get_template
    monkeypatch.setattr(
        services, "get_template", lambda name: reads.append(name) or load(name)
    )
    emails = email_queue_many(drafts=drafts(5), now=now)
    assert len({email.body_text for email in emails}) == 5
    assert sorted(reads) == [
        "brand",
        "emails/password_reset_body.html",
        "emails/password_reset_body.txt",
        "emails/password_reset_subject.txt",
    ]


def test_a_subject_is_cut_to_what_the_column_holds(now):
    name = "Alexandra " * 40
    [email] = email_queue_many(
        drafts=[
            EmailDraft(
                key="long",
                to="admin@example.com",
                template="consultation_new",
                context={"consultation": SimpleNamespace(full_name=name)},
                headers={"X-Kind": "consultation"},
            )
        ],
        now=now,
    )
    email.refresh_from_db()
    expected = " ".join(f"New consultation request: {name}".split())
    assert email.subject == expected[:255]
    assert len(email.subject) == 255
    assert email.headers == {"X-Kind": "consultation"}


def test_an_empty_batch_sends_nothing_and_asks_nothing(
    mailoutbox, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert email_send_batch(emails=[]) == 0


def test_the_sweep_waits_thirty_seconds_for_a_fresh_email(now, mailoutbox):
    email = queue()
    Email.objects.update(created_at=now)
    assert email_sweep(now=now + timedelta(seconds=29)) == 0
    assert email_sweep(now=now + timedelta(seconds=30)) == 1
    assert record(email)[0] == "sent"


def test_the_sweep_takes_the_oldest_first_up_to_its_limit(now, mailoutbox):
    for n, age in enumerate([60, 600, 120]):
        email = queue(key=f"event:{n}")
        Email.objects.filter(pk=email.pk).update(
            created_at=now - timedelta(seconds=age)
        )
    assert email_sweep(now=now, limit=1) == 1
    assert Email.objects.get(status=Email.Status.SENT).key == "event:1"
    assert email_sweep(now=now, limit=1) == 1
    assert Email.objects.get(key="event:2").status == Email.Status.SENT


def test_one_sweep_hands_out_its_limit_in_batches_any_worker_can_take(now, monkeypatch):
    batches = []
    monkeypatch.setattr(tasks.email_send_many_task, "delay", batches.append)
    Email.objects.bulk_create(
        Email(key=f"event:{n}", to="a@example.com", subject="Hi", body_text="Hi")
        for n in range(services.SWEEP_LIMIT + 1)
    )
    Email.objects.update(created_at=now - timedelta(minutes=1))
    assert email_sweep(now=now) == services.SWEEP_LIMIT
    assert {len(batch) for batch in batches} == {services.BATCH_SIZE}
    handed_out = [pk for batch in batches for pk in batch]
    assert len(set(handed_out)) == len(handed_out) == services.SWEEP_LIMIT


def test_a_claim_older_than_the_timeout_is_taken_over(now, mailoutbox):
    claimed = now - claim_timeout() - timedelta(seconds=1)
    email_queue_many(drafts=drafts(1), now=claimed)
    Email.objects.update(created_at=claimed)
    assert email_sweep(now=now - timedelta(seconds=2)) == 0
    assert email_sweep(now=now) == 1
    assert len(mailoutbox) == 1


def test_a_broker_outage_is_logged_and_the_email_left_for_the_sweep(
    monkeypatch, outbox_log
):
    from outbox import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.email_send_task, "delay", broker_down)
    email = queue()
    services.email_dispatch(email_id=email.pk)
    assert outbox_log() == [f"Broker unavailable; email {email.pk} left for the sweep"]
    assert record(email)[0] == "pending"


# --- Message-ID, links, failures recorded -------------------------------------------


def test_the_message_id_names_the_row_its_creation_and_the_site(settings, mailoutbox):
    settings.SITE_URL = "https://coach.example.com:8443/app/"
    email = queue()
    created = datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC)
    Email.objects.filter(pk=email.pk).update(created_at=created)
    email.refresh_from_db()
    expected = f"<outbox.{email.pk}.20260304050607@coach.example.com>"
    assert services.email_message_id(email) == expected
    email_send(email_id=email.pk)
    assert mailoutbox[0].extra_headers["Message-ID"] == expected


@pytest.mark.parametrize("site_url", ["", "coach.example.com"])
def test_a_site_url_without_a_host_gives_a_localhost_message_id(settings, site_url):
    settings.SITE_URL = site_url  # unset, or set without its https://
    email = queue()
    assert services.email_message_id(email).endswith("@localhost>")


def test_links_keep_the_path_the_site_is_served_under(settings):
    settings.SITE_URL = "https://gym.example.com/TRX/"
    assert absolute_url("/my/program/") == "https://gym.example.com/TRX/my/program/"


def test_a_refused_address_in_a_batch_records_its_failure_at_the_batch_time(
    now, monkeypatch, outbox_log
):
    refusal = smtplib.SMTPRecipientsRefused({"person0@example.com": (550, b"no")})

    def refused(self, messages):
        raise refusal

    monkeypatch.setattr(LocmemBackend, "send_messages", refused)
    [email] = email_queue_many(drafts=drafts(1), now=now - timedelta(minutes=1))
    assert email_send_batch(emails=[email], now=now) == 0
    assert record(email) == ("failed", 1, now - timedelta(minutes=1), None)
    # Failed for good: never due again, and the time it failed is recorded.
    assert (email.retry_at, email.updated_at) == (None, now)
    assert email.last_error == repr(refusal)
    assert outbox_log() == [f"Emails [{email.pk}] failed for good: {refusal!r}"]


def test_a_late_failure_leaves_an_email_another_worker_has_sent(now, monkeypatch):
    """The first worker hangs on the server until its claim is stale; a second
    worker takes the email over and sends it; then the first one's send fails."""
    email = queue()
    later = now + claim_timeout() + timedelta(seconds=1)
    send = LocmemBackend.send_messages
    calls = []

    def hangs_then_drops(self, messages):
        calls.append(messages)
        if len(calls) == 1:
            assert email_send(email_id=email.pk, now=later) == Email.Status.SENT
            raise smtplib.SMTPServerDisconnected("connection dropped")
        return send(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", hangs_then_drops)
    assert email_send(email_id=email.pk, now=now) == Email.Status.PENDING
    assert record(email) == ("sent", 1, later, later)
    assert (email.retry_at, email.last_error) == (None, "")


def test_emails_put_back_at_the_deadline_are_due_at_once_and_say_why(now):
    emails = email_queue_many(drafts=drafts(2), now=now)
    past = now - timedelta(days=1)
    Email.objects.update(updated_at=past)
    before = timezone.now()
    assert email_send_batch(emails=emails, now=now, deadline=0.0) == 0
    for email in emails:
        assert record(email) == ("pending", 0, now, None)
        assert before <= email.retry_at <= timezone.now()
        assert email.updated_at == email.retry_at
        assert email.last_error == services.DEADLINE_REACHED


def test_the_deadline_puts_back_only_the_batch_own_emails_still_claimed(now):
    """Another worker's batch stays claimed; an email of this batch that a second
    worker took over and sent while this one waited stays sent."""
    mine = email_queue_many(drafts=drafts(2), now=now)
    [theirs] = email_queue_many(
        drafts=[
            EmailDraft(
                key="other:1",
                to="other@example.com",
                template="password_reset",
                context={"user": None, "url": "http://testserver/o/"},
            )
        ],
        now=now,
    )
    later = now + claim_timeout() + timedelta(seconds=1)
    assert email_send(email_id=mine[1].pk, now=later) == Email.Status.SENT
    email_send_batch(emails=mine, now=now, deadline=0.0)
    assert record(mine[0])[0] == "pending"
    assert record(mine[1]) == ("sent", 1, later, later)
    assert record(theirs) == ("sending", 0, now, None)
    assert theirs.retry_at is None


def test_a_batch_marks_each_email_sent_when_the_server_accepts_it(now, mailoutbox):
    emails = email_queue_many(drafts=drafts(2), now=now - timedelta(minutes=1))
    Email.objects.update(updated_at=now - timedelta(days=1))
    before = timezone.now()
    assert email_send_batch(emails=emails, now=now - timedelta(minutes=1)) == 2
    for email in emails:
        assert record(email)[:2] == ("sent", 1)
        assert before <= email.sent_at <= timezone.now()
        assert email.updated_at == email.sent_at


def test_a_failed_dispatch_makes_only_a_pending_email_with_no_time_due_at_once(
    now, monkeypatch
):
    from outbox import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    fresh = queue(key="event:fresh")
    on_its_way = queue(key="event:on-its-way")  # its own dispatch not yet run
    backing_off = queue(key="event:backing-off")
    Email.objects.filter(pk=backing_off.pk).update(
        attempts=1, retry_at=now - timedelta(seconds=5)
    )
    abandoned = queue(key="event:abandoned")
    stale = now - claim_timeout() - timedelta(seconds=1)
    Email.objects.filter(pk=abandoned.pk).update(
        status=Email.Status.SENDING, claimed_at=stale
    )
    monkeypatch.setattr(tasks.email_send_task, "delay", broker_down)
    before = timezone.now()
    for email in [fresh, backing_off, abandoned]:
        services.email_dispatch(email_id=email.pk)

    fresh.refresh_from_db()
    assert before <= fresh.retry_at <= timezone.now()
    for email in [on_its_way, abandoned]:
        email.refresh_from_db()
        assert email.retry_at is None
    backing_off.refresh_from_db()
    assert backing_off.retry_at == now - timedelta(seconds=5)
    assert record(abandoned) == ("sending", 0, stale, None)


def test_the_message_sent_is_the_row_s_subject_text_and_html(now, mailoutbox):
    email = queue()
    email_send(email_id=email.pk, now=now)
    [message] = mailoutbox
    assert message.subject == "Set a new password for Strength Coach"
    assert message.body == email.body_text
    assert "http://testserver/x/" in message.body
    assert message.alternatives[0].content == email.body_html


def test_a_batch_email_keeps_its_rendered_text_and_html(now, mailoutbox):
    [email] = email_queue_many(drafts=drafts(1), now=now)
    email.refresh_from_db()
    assert email.subject == "Set a new password for Strength Coach"
    assert "http://testserver/0/" in email.body_text
    assert email.body_text.endswith("your password stays as it is.\n")
    assert "http://testserver/0/" in email.body_html
    email_send_batch(emails=[email], now=now)
    [message] = mailoutbox
    assert (message.subject, message.body) == (email.subject, email.body_text)
    assert message.alternatives[0].content == email.body_html
