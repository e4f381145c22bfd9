"""Attachments live with their email: written in the same transaction, sent with
every attempt, by one email or by a batch."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import Attachment, Email
from outbox.services import EmailAttachment, EmailDraft, email_queue, email_send
from tests.outbox.test_services import FlakySMTP

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
PDF = b"%PDF-1.7\n\x00\xff signed"


def queue(**kwargs):
    return email_queue(
        key="event:1",
        to="someone@example.com",
        template="password_reset",
        context={"user": None, "url": "http://testserver/x/"},
        **kwargs,
    )


def test_an_email_carries_its_attachments_byte_for_byte(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            attachments=[
                EmailAttachment.calendar("session.ics", ICS),
                EmailAttachment("waiver.pdf", PDF, "application/pdf"),
            ]
        )
    [message] = mailoutbox
    assert [(a.filename, a.mimetype) for a in message.attachments] == [
        ("session.ics", "text/calendar"),
        ("waiver.pdf", "application/pdf"),
    ]
    assert message.attachments[0].content == ICS.decode()  # text, as Django keeps it
    assert message.attachments[1].content == PDF
    assert b"session.ics" in message.message().as_bytes()


def test_a_retry_sends_the_same_attachment(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.FlakySMTP"
    FlakySMTP.failures = 1
    email = queue(attachments=[EmailAttachment("waiver.pdf", PDF, "application/pdf")])
    now = timezone.now()
    assert email_send(email_id=email.pk, now=now) == Email.Status.PENDING
    email.refresh_from_db()
    assert email_send(email_id=email.pk, now=email.retry_at) == Email.Status.SENT
    [message] = mailoutbox
    assert message.attachments[0].content == PDF


def test_a_rolled_back_event_leaves_no_attachment(mailoutbox):
    def failing_event():
        with transaction.atomic():
            queue(attachments=[EmailAttachment("waiver.pdf", PDF)])
            raise RuntimeError("the event failed")

    with pytest.raises(RuntimeError):
        failing_event()
    assert not Attachment.objects.exists()
    assert not Email.objects.exists()


def test_a_batch_writes_its_attachments_at_once_and_sends_them_without_a_query(
    mailoutbox, django_assert_num_queries
):
    now = timezone.now()
    drafts = [
        EmailDraft(
            key=f"booking:{n}",
            to=f"person{n}@example.com",
            template="password_reset",
            context={"user": None, "url": f"http://testserver/{n}/"},
            attachments=(EmailAttachment.calendar(f"booking-{n}.ics", ICS),),
        )
        for n in range(3)
    ]
    with django_assert_num_queries(2):  # the emails, then their attachments
        emails = services.email_queue_many(drafts=drafts, now=now)
    with django_assert_num_queries(3):  # one UPDATE per email, marking it sent
        assert services.email_send_batch(emails=emails) == 3
    assert sorted(m.attachments[0].filename for m in mailoutbox) == [
        "booking-0.ics",
        "booking-1.ics",
        "booking-2.ics",
    ]


def test_pending_emails_claimed_by_a_worker_keep_their_attachments(mailoutbox):
    email = queue(attachments=[EmailAttachment("waiver.pdf", PDF, "application/pdf")])
    Email.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert services.email_sweep() == 1
    [message] = mailoutbox
    assert message.attachments[0].content == PDF
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
