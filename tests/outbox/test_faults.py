"""How a batch of emails behaves when the mail server or the worker's time fails it,
with the mail backend standing in for the server (the fault suite in
``tests/faults/`` does the same against a real SMTP server and worker)."""

import logging
import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.utils import timezone

from outbox import services
from outbox.models import Email
from outbox.services import email_send, email_send_batch, email_sweep, is_transient
from tests.outbox.test_services import drafts, queue

pytestmark = pytest.mark.django_db


class Server(LocmemBackend):
    """A mail server that fails the messages to the addresses in ``faults`` with
    the error given there, once each (or every time, for ``always``)."""

    faults: dict = {}
    always: set = set()
    opened = 0

    def open(self):
        Server.opened += 1
        return super().open()

    def send_messages(self, messages):
        to = messages[0].to[0]
        if to in Server.faults:
            error = Server.faults[to] if to in Server.always else Server.faults.pop(to)
            raise error
        return super().send_messages(messages)


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_faults.Server"
    Server.faults, Server.always, Server.opened = {}, set(), 0
    return Server


def batch(count=3, now=None):
    return services.email_queue_many(drafts=drafts(count), now=now or timezone.now())


def rows():
    return {e.to: e for e in Email.objects.all()}


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPServerDisconnected("dropped"), True),
        (ConnectionResetError("reset"), True),
        (TimeoutError("slow"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such")}), False),
        # 500 is the first permanent code, 599 the last.
        (smtplib.SMTPRecipientsRefused({"a@example.com": (500, b"syntax")}), False),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (499, b"odd")}), True),
        # One address refused for good, one for now: the email may pass later.
        (
            smtplib.SMTPRecipientsRefused(
                {"a@example.com": (550, b"no such"), "b@example.com": (451, b"later")}
            ),
            True,
        ),
        (smtplib.SMTPSenderRefused(553, b"not ours", "coach@example.com"), False),
        (smtplib.SMTPSenderRefused(451, b"busy", "coach@example.com"), True),
        (smtplib.SMTPDataError(451, b"try later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPDataError(499, b"odd"), True),
        (smtplib.SMTPDataError(500, b"unrecognised"), False),
        (smtplib.SMTPDataError(599, b"refused"), False),
        (smtplib.SMTPDataError(600, b"garbled"), True),  # not a 5xx answer
        (smtplib.SMTPDataError(250, b"OK"), True),  # an answer out of step
        (smtplib.SMTPAuthenticationError(535, b"bad login"), True),
        (SoftTimeLimitExceeded(), True),
        (ValueError("a header we built wrong"), False),
    ],
)
def test_what_is_worth_another_try(error, transient):
    assert is_transient(error) is transient


def test_a_dropped_connection_is_reopened_and_the_batch_goes_on(server, mailoutbox):
    server.faults = {"person1@example.com": smtplib.SMTPServerDisconnected("gone")}
    assert email_send_batch(emails=batch()) == 3
    assert server.opened == 2
    assert [m.to[0] for m in mailoutbox] == [f"person{n}@example.com" for n in range(3)]
    assert {(e.status, e.attempts) for e in rows().values()} == {(Email.Status.SENT, 1)}


def test_a_server_that_stays_down_gets_the_rest_back_later(server, mailoutbox):
    server.faults = {"person1@example.com": ConnectionResetError("reset")}
    server.always = {"person1@example.com"}
    now = timezone.now()
    assert email_send_batch(emails=batch(now=now), now=now) == 1
    left = rows()
    assert left["person0@example.com"].status == Email.Status.SENT
    for to in ["person1@example.com", "person2@example.com"]:
        assert left[to].status == Email.Status.PENDING
        assert left[to].retry_at > now
    assert server.opened == 2  # the first connection, and one more try


def test_a_refused_address_fails_alone_over_the_same_connection(server, mailoutbox):
    server.faults = {
        "person1@example.com": smtplib.SMTPRecipientsRefused(
            {"person1@example.com": (550, b"no such user")}
        )
    }
    assert email_send_batch(emails=batch()) == 2
    assert server.opened == 1
    statuses = {to: e.status for to, e in rows().items()}
    assert statuses == {
        "person0@example.com": Email.Status.SENT,
        "person1@example.com": Email.Status.FAILED,
        "person2@example.com": Email.Status.SENT,
    }


class DropsThenRefuses:
    """An SMTP connection: the first one drops on its first message, and every
    connection after it is refused."""

    connections = 0

    def __init__(self, host, port, **kwargs):
        DropsThenRefuses.connections += 1
        if DropsThenRefuses.connections > 1:
            raise ConnectionRefusedError("mail server down")

    def sendmail(self, from_addr, to_addrs, msg):
        raise smtplib.SMTPServerDisconnected("connection dropped")

    def quit(self):
        raise smtplib.SMTPServerDisconnected("connection dropped")

    def close(self):
        pass


class DroppingServerBackend(SMTPBackend):
    connection_class = DropsThenRefuses


def test_a_server_that_drops_and_then_refuses_gets_the_batch_back_later(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_faults.DroppingServerBackend"
    DropsThenRefuses.connections = 0
    now = timezone.now()
    assert email_send_batch(emails=batch(now=now), now=now) == 0
    assert DropsThenRefuses.connections == 2  # the first, and the one reopening
    assert {
        (e.status, e.attempts, e.retry_at, e.last_error) for e in rows().values()
    } == {
        (
            Email.Status.PENDING,
            1,
            now + timedelta(seconds=60),
            "ConnectionRefusedError('mail server down')",
        )
    }


class Recorder:
    """An SMTP connection that records what the client does on the wire: each
    message, a polite QUIT, or a plain close of the socket. ``fail`` maps an address
    to the error its message meets once; ``quit_error`` and ``close_error`` are
    raised by every QUIT and every close."""

    wire: list = []
    fail: dict = {}
    quit_error: Exception | None = None
    close_error: Exception | None = None

    def __init__(self, host, port, **kwargs):
        Recorder.wire.append("connect")

    def sendmail(self, from_addr, to_addrs, msg):
        if to_addrs[0] in Recorder.fail:
            raise Recorder.fail.pop(to_addrs[0])
        Recorder.wire.append(to_addrs[0])

    def quit(self):
        Recorder.wire.append("QUIT")
        if Recorder.quit_error:
            raise Recorder.quit_error

    def close(self):
        Recorder.wire.append("close")
        if Recorder.close_error:
            raise Recorder.close_error


class RecordingBackend(SMTPBackend):
    connection_class = Recorder


@pytest.fixture
def wire(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_faults.RecordingBackend"
    Recorder.wire, Recorder.fail = [], {}
    Recorder.quit_error = Recorder.close_error = None
    return Recorder


@pytest.fixture
def outbox_info(monkeypatch):
    """The outbox's log records from info up, from a handler on its own logger."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    was_disabled, level = logging.root.manager.disable, services.logger.level
    logging.disable(logging.NOTSET)
    monkeypatch.setattr(services.logger, "disabled", False)
    services.logger.setLevel(logging.INFO)
    services.logger.addHandler(handler)
    yield records
    services.logger.removeHandler(handler)
    services.logger.setLevel(level)
    logging.disable(was_disabled)


def test_a_conversation_out_of_step_is_dropped_without_a_quit(wire, mailoutbox):
    """A timeout may leave an answer on its way: a QUIT could read it as its own,
    so the socket is closed instead, and the next message opens a new one. At the
    end of the batch the connection is closed politely."""
    wire.fail = {"person1@example.com": TimeoutError("timed out")}
    assert email_send_batch(emails=batch()) == 3
    assert wire.wire == [
        "connect",
        "person0@example.com",
        "close",
        "connect",
        "person1@example.com",
        "person2@example.com",
        "QUIT",
    ]


def test_a_socket_that_fails_even_to_close_is_dropped_all_the_same(wire):
    wire.fail = {"person1@example.com": ConnectionResetError("reset")}
    wire.close_error = OSError("bad file descriptor")
    assert email_send_batch(emails=batch()) == 3
    assert wire.wire.count("connect") == 2


def test_a_quit_refused_at_the_end_of_a_batch_is_noted_and_changes_nothing(
    wire, outbox_info
):
    wire.quit_error = smtplib.SMTPResponseException(421, b"closing")
    assert email_send_batch(emails=batch()) == 3
    assert {e.status for e in rows().values()} == {Email.Status.SENT}
    [record] = outbox_info
    assert (record.levelno, record.getMessage()) == (
        logging.INFO,
        "Mail connection did not close cleanly",
    )
    assert record.exc_info[0] is smtplib.SMTPResponseException


def test_a_full_mailbox_is_tried_again_later(server, mailoutbox):
    server.faults = {
        "person0@example.com": smtplib.SMTPRecipientsRefused(
            {"person0@example.com": (452, b"mailbox full")}
        )
    }
    server.always = {"person0@example.com"}
    now = timezone.now()
    assert email_send_batch(emails=batch(1, now=now), now=now) == 0
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.PENDING, 1)
    assert email.retry_at > now


def test_past_the_deadline_the_rest_goes_back_due_at_once(server, mailoutbox):
    # A deadline already behind us: the batch starts nothing.
    now = timezone.now()
    emails = batch(now=now)
    assert email_send_batch(emails=emails, deadline=0.0) == 0
    assert mailoutbox == []
    assert {(e.status, e.attempts) for e in rows().values()} == {
        (Email.Status.PENDING, 0)
    }
    assert {e.last_error for e in rows().values()} == {services.DEADLINE_REACHED}
    # The next sweep takes them, without waiting for a claim to go stale.
    assert email_sweep(now=timezone.now()) == 3
    assert len(mailoutbox) == 3


def test_at_the_deadline_itself_no_new_email_starts(server, monkeypatch, mailoutbox):
    readings = iter([99.9])  # the first email starts just in time
    monkeypatch.setattr(services, "monotonic", lambda: next(readings, 100.0))
    assert email_send_batch(emails=batch(), deadline=100.0) == 1
    assert [m.to[0] for m in mailoutbox] == ["person0@example.com"]
    left = [e for e in rows().values() if e.status != Email.Status.SENT]
    assert {(e.status, e.last_error) for e in left} == {
        (Email.Status.PENDING, services.DEADLINE_REACHED)
    }
    assert len(left) == 2


def test_the_soft_time_limit_keeps_what_was_sent_and_puts_back_the_rest(
    server, mailoutbox
):
    server.faults = {"person1@example.com": SoftTimeLimitExceeded()}
    now = timezone.now()
    with pytest.raises(SoftTimeLimitExceeded):
        email_send_batch(emails=batch(now=now), now=now)
    left = rows()
    assert left["person0@example.com"].status == Email.Status.SENT
    # The one on the wire may have arrived: it counts as an attempt.
    on_the_wire = left["person1@example.com"]
    assert (on_the_wire.status, on_the_wire.attempts) == (Email.Status.PENDING, 1)
    untried = left["person2@example.com"]
    assert (untried.status, untried.attempts) == (Email.Status.PENDING, 0)
    # Both say what stopped them.
    stopped = 'SoftTimeLimitExceeded("Stopped by the task\'s soft time limit")'
    assert on_the_wire.last_error == untried.last_error == stopped
    assert on_the_wire.retry_at <= timezone.now()
    assert untried.retry_at <= timezone.now()
    # Nothing waits for the claim timeout: the next sweep sends both, once.
    assert email_sweep(now=timezone.now()) == 2
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person0@example.com",
        "person1@example.com",
        "person2@example.com",
    ]


def test_one_email_stopped_by_the_soft_time_limit_is_due_again_at_once(
    server, mailoutbox
):
    email = queue()
    server.faults = {email.to: SoftTimeLimitExceeded()}
    with pytest.raises(SoftTimeLimitExceeded):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.PENDING, 1)
    assert email_sweep(now=timezone.now()) == 1
    assert len(mailoutbox) == 1


def test_a_claim_outlives_the_hard_time_limit_twice_over(settings):
    settings.CELERY_TASK_TIME_LIMIT = 90
    assert services.claim_timeout() == timedelta(minutes=3)


def test_every_copy_of_an_email_carries_the_same_message_id(server, mailoutbox):
    email = queue()
    services.email_claim(email_id=email.pk, now=timezone.now())
    server.faults = {email.to: SoftTimeLimitExceeded()}
    with pytest.raises(SoftTimeLimitExceeded):
        email_send_batch(emails=[Email.objects.get()])
    email_send(email_id=email.pk)
    [message] = mailoutbox
    assert message.extra_headers["Message-ID"] == services.email_message_id(email)
    other = queue(key="event:2")
    assert services.email_message_id(other) != services.email_message_id(email)
