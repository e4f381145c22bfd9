import smtplib
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from letters.models import Issue
from letters.selectors import issue_counts, issue_recipients
from letters.services import (
    ALREADY_SENDING,
    issue_finish,
    issue_queue,
    issue_schedule,
    issue_send_now,
    issue_send_test,
    issue_sweep,
)
from newsletter.models import Subscriber
from newsletter.services import subscriber_unsubscribe
from newsletter.tokens import unsubscribe_token
from outbox.models import Email, Suppression
from outbox.services import email_claim_many, email_send_batch
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ConfirmedSubscriberFactory,
    IssueFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        yield moment


def send(issue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue_send_now(issue_id=issue.pk)
    issue.refresh_from_db()
    return issue


def test_an_issue_goes_once_to_every_confirmed_subscriber_and_agreeing_client(
    django_capture_on_commit_callbacks, mailoutbox
):
    readers = ConfirmedSubscriberFactory.create_batch(3)
    SubscriberFactory()  # pending: not yet confirmed
    gone = ConfirmedSubscriberFactory()
    subscriber_unsubscribe(subscriber_id=gone.pk)
    both = ClientFactory(email=readers[0].email, newsletter_consented_at=timezone.now())
    ClientFactory(email=both.email, newsletter_consented_at=timezone.now())
    agreed = ClientFactory(newsletter_consented_at=timezone.now())
    ClientFactory()  # did not agree
    issue = IssueFactory(include_clients=True)

    issue = send(issue, django_capture_on_commit_callbacks)

    addresses = sorted(message.to[0] for message in mailoutbox)
    assert addresses == sorted([r.email for r in readers] + [agreed.email])
    assert issue.status == Issue.Status.SENDING
    assert issue.recipients == 4
    assert issue_finish(issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_each_email_has_its_own_one_click_unsubscribe_a_text_part_and_the_brand(
    django_capture_on_commit_callbacks, mailoutbox
):
    reader = ConfirmedSubscriberFactory(first_name="Ana")
    issue = IssueFactory(body="Hinge at the **hips**.\n\n<script>alert(1)</script>")
    send(issue, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/newsletter/unsubscribe/" in url
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert "Hinge at the **hips**." in message.body
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>hips</strong>" in html
    assert "<script>" not in html
    assert "Hello Ana" in html
    assert url in html
    assert Email.objects.get(to=reader.email).bulk


def test_a_client_gets_a_link_of_their_own_that_withdraws_their_agreement(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    agreed = ClientFactory(newsletter_consented_at=timezone.now())
    send(IssueFactory(include_clients=True), django_capture_on_commit_callbacks)
    url = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert "/newsletter/issues/unsubscribe/" in url

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    agreed.refresh_from_db()
    assert agreed.newsletter_consented_at is None
    assert Suppression.objects.blocking().filter(address=agreed.email).exists()
    assert issue_recipients(include_clients=True) == []


def test_a_double_click_sends_the_issue_once(django_capture_on_commit_callbacks):
    ConfirmedSubscriberFactory.create_batch(2)
    issue = IssueFactory()
    send(issue, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        issue_send_now(issue_id=issue.pk)
    assert refused.value.messages == [ALREADY_SENDING]
    assert issue_queue(issue_id=issue.pk) == 0  # a redelivered task: nothing
    assert Email.objects.count() == 2


def test_a_second_click_before_the_worker_queued_it_is_refused_too():
    issue = IssueFactory()
    issue_send_now(issue_id=issue.pk)
    with pytest.raises(ValidationError, match="already on its way"):
        issue_send_now(issue_id=issue.pk)


def test_a_time_in_the_past_is_refused_with_a_clear_error(now):
    issue = IssueFactory()
    with pytest.raises(ValidationError) as refused:
        issue_schedule(issue_id=issue.pk, send_at=now - timedelta(minutes=1))
    assert "has passed" in refused.value.message_dict["send_at"][0]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_a_scheduled_issue_is_queued_by_the_sweep_when_its_time_comes(
    django_capture_on_commit_callbacks, mailoutbox
):
    ConfirmedSubscriberFactory()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    issue = IssueFactory()
    with time_machine.travel(start, tick=False):
        issue_schedule(issue_id=issue.pk, send_at=start + timedelta(hours=2))
    with time_machine.travel(start + timedelta(hours=1, minutes=59), tick=False):
        assert issue_sweep() == 0
    with (
        time_machine.travel(start + timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert issue_sweep() == 1
    assert len(mailoutbox) == 1
    issue.refresh_from_db()
    assert issue.queued_at == start + timedelta(hours=2)
    issue_sweep()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_unsubscribing_mid_send_stops_what_has_not_gone(mailoutbox):
    readers = ConfirmedSubscriberFactory.create_batch(3)
    issue = IssueFactory(status=Issue.Status.SCHEDULED, send_at=timezone.now())
    issue_queue(issue_id=issue.pk)  # queued, not yet sent
    subscriber_unsubscribe(subscriber_id=readers[1].pk)

    emails = email_claim_many(
        email_ids=list(Email.objects.values_list("pk", flat=True)),
        now=timezone.now(),
    )
    assert email_send_batch(emails=emails) == 2

    assert readers[1].email not in [m.to[0] for m in mailoutbox]
    issue.refresh_from_db()
    counts = issue_counts(issue=issue)
    assert (counts.sent, counts.cancelled, counts.unsubscribed) == (2, 1, 1)
    assert counts.queued == 0


def test_an_address_refused_for_good_is_skipped_after_the_bounce_limit(
    settings, mailoutbox
):
    settings.OUTBOX_BOUNCE_LIMIT = 2
    reader = ConfirmedSubscriberFactory()
    refusal = smtplib.SMTPRecipientsRefused({reader.email: (550, b"No such user")})
    issues = IssueFactory.create_batch(
        3, status=Issue.Status.SCHEDULED, send_at=timezone.now()
    )
    for issue in issues:  # all three queued before any is sent
        issue_queue(issue_id=issue.pk)
    for number, issue in enumerate(issues):
        emails = email_claim_many(
            email_ids=list(
                Email.objects.filter(
                    key__startswith=issue.email_key_prefix
                ).values_list("pk", flat=True)
            ),
            now=timezone.now(),
        )
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=refusal,
        ) as sending:
            email_send_batch(emails=emails)
        if number < 2:
            assert sending.called
        else:
            assert not sending.called  # skipped: never reaches the server
    suppression = Suppression.objects.get(address=reader.email)
    assert suppression.bounces == 2
    assert "No such user" in suppression.last_bounce
    statuses = list(Email.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["failed", "failed", "cancelled"]
    # A fourth issue is not even queued for the address.
    assert issue_recipients(include_clients=False) == []


def test_a_temporary_refusal_is_no_bounce(mailoutbox):
    reader = ConfirmedSubscriberFactory()
    issue = IssueFactory(status=Issue.Status.SCHEDULED, send_at=timezone.now())
    issue_queue(issue_id=issue.pk)
    emails = email_claim_many(
        email_ids=list(Email.objects.values_list("pk", flat=True)), now=timezone.now()
    )
    busy = smtplib.SMTPRecipientsRefused({reader.email: (451, b"Try later")})
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=busy,
    ):
        email_send_batch(emails=emails)
    assert not Suppression.objects.exists()


def test_signing_up_again_lifts_the_unsubscription():
    reader = ConfirmedSubscriberFactory()
    subscriber_unsubscribe(subscriber_id=reader.pk)
    assert Suppression.objects.blocking().filter(address=reader.email).exists()
    from newsletter.services import subscriber_confirm, subscriber_subscribe

    pending = subscriber_subscribe(email=reader.email)
    subscriber_confirm(subscriber_id=pending.pk, nonce=pending.confirmation_nonce)
    assert not Suppression.objects.blocking().filter(address=reader.email).exists()
    assert [r.address for r in issue_recipients(include_clients=False)] == [
        reader.email
    ]


def test_the_test_send_goes_to_the_owner_alone(
    mailoutbox, django_capture_on_commit_callbacks
):
    ConfirmedSubscriberFactory()
    owner = AdminFactory(email="coach@example.com")
    issue = IssueFactory()
    with django_capture_on_commit_callbacks(execute=True):
        issue_send_test(issue=issue, user=owner)
        issue_send_test(issue=issue, user=owner)  # a double click
    (message,) = mailoutbox
    assert message.to == ["coach@example.com"]
    assert message.subject == f"[Test] {issue.subject}"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


@pytest.mark.parametrize("count", [5, 60])
def test_queueing_takes_the_same_queries_for_few_and_many(
    count, django_assert_max_num_queries, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    ConfirmedSubscriberFactory.create_batch(count)
    ClientFactory.create_batch(3, newsletter_consented_at=timezone.now())
    issue = IssueFactory(
        status=Issue.Status.SCHEDULED, send_at=timezone.now(), include_clients=True
    )
    with django_assert_max_num_queries(12):
        assert issue_queue(issue_id=issue.pk) == count + 3
    assert Subscriber.objects.count() == count


def test_each_email_greets_its_own_reader_with_their_own_link(mailoutbox):
    named = ConfirmedSubscriberFactory(first_name="<b>Jo</b> & Co")
    nameless = ConfirmedSubscriberFactory(first_name="")
    issue = IssueFactory(status=Issue.Status.SCHEDULED, send_at=timezone.now())
    issue_queue(issue_id=issue.pk)
    emails = {email.to: email for email in Email.objects.all()}
    html, text = emails[named.email].body_html, emails[named.email].body_text
    assert "Hello &lt;b&gt;Jo&lt;/b&gt; &amp; Co," in html
    assert "Hello <b>Jo</b> & Co," in text
    assert "Hello" not in emails[nameless.email].body_html
    for reader in (named, nameless):
        email = emails[reader.email]
        link = email.headers["List-Unsubscribe"].strip("<>")
        assert link.endswith(
            f"/newsletter/unsubscribe/{unsubscribe_token(subscriber=reader)}/"
        )
        assert link in email.body_text
        assert link in email.body_html
        assert ".invalid" not in email.body_html + email.body_text
