from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from letters.models import Issue
from newsletter.models import Subscriber
from outbox.models import Email
from tests.factories import AdminFactory, ConfirmedSubscriberFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    owner = AdminFactory(email="owner@example.com")
    client.force_login(owner)
    return client


def test_the_owner_writes_an_issue_on_the_site(owner_client):
    response = owner_client.post(
        reverse("letters:issue_new"),
        {"subject": "Hinge <b>week</b>", "body": "Push the **hips** back."},
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == issue.get_absolute_url()
    assert issue.created_by.email == "owner@example.com"
    page = owner_client.get(issue.get_absolute_url())
    assert b"Hinge &lt;b&gt;week&lt;/b&gt;" in page.content


def test_the_preview_is_the_email_in_the_brand(owner_client):
    issue = IssueFactory(body="Push the **hips** back.")
    response = owner_client.get(reverse("letters:issue_preview", args=[issue.pk]))
    assert response.status_code == 200
    assert b"<strong>hips</strong>" in response.content
    assert "unsafe-inline" in response["Content-Security-Policy"]


def test_a_past_time_is_refused_on_the_form(owner_client):
    issue = IssueFactory()
    past = timezone.localtime() - timedelta(hours=1)
    response = owner_client.post(
        reverse("letters:issue_schedule", args=[issue.pk]),
        {"send_at": past.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "has passed" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_two_clicks_on_send_send_once(owner_client, django_capture_on_commit_callbacks):
    ConfirmedSubscriberFactory.create_batch(2)
    issue = IssueFactory()
    url = reverse("letters:issue_send", args=[issue.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = owner_client.post(url, follow=True)
    second = owner_client.post(url, follow=True)
    assert "Sending to every confirmed subscriber" in first.content.decode()
    assert "already on its way" in second.content.decode()
    assert Email.objects.filter(key__startswith=issue.email_key_prefix).count() == 2


def test_the_live_counts_poll_while_sending(owner_client):
    issue = IssueFactory(status=Issue.Status.SENDING, queued_at=timezone.now())
    page = owner_client.get(reverse("letters:issue_counts", args=[issue.pk]))
    assert b'hx-trigger="every 2s"' in page.content
    issue.status = Issue.Status.SENT
    issue.save()
    page = owner_client.get(reverse("letters:issue_counts", args=[issue.pk]))
    assert b"hx-trigger" not in page.content


def test_a_trainer_cannot_open_the_newsletter(client):
    from tests.factories import TrainerFactory

    client.force_login(TrainerFactory())
    assert client.get(reverse("letters:issue_list")).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_and_an_issue_take_few_queries(
    owner_client, count, django_assert_max_num_queries
):
    IssueFactory.create_batch(count)
    issue = Issue.objects.first()
    with django_assert_max_num_queries(8):
        assert owner_client.get(reverse("letters:issue_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert owner_client.get(issue.get_absolute_url()).status_code == 200


CSV = (
    "Email,First name,Where,When\n"
    "ana@example.com,Ana,Mailchimp form,2024-03-01\n"
    "BEN@Example.com,Ben,Workshop,2024-03-02 14:30\n"
    "not-an-email,X,Form,2024-03-01\n"
    "cy@example.com,=HYPERLINK(1),Form,2024-03-01\n"
    "dee@example.com,Dee,Form,2999-01-01\n"
    "ana@example.com,Ana,Again,2024-03-01\n"
)


def test_a_subscriber_list_is_imported_once_with_where_and_when(owner_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("letters:subscriber_import")

    def upload():
        return owner_client.post(
            url, {"file": SimpleUploadedFile("list.csv", CSV.encode())}
        )

    page = upload().content.decode()
    assert "2 subscribers imported, 0 already known, 4 rows refused" in page
    ben = Subscriber.objects.get(email="ben@example.com")
    assert ben.status == Subscriber.Status.CONFIRMED
    assert ben.source == "workshop"
    assert ben.confirmed_at.year == 2024
    assert "is not an email address" in page
    assert "formula" in page
    assert "in the future" in page
    assert "also on row 2" in page
    again = upload().content.decode()
    assert "0 subscribers imported, 2 already known" in again
    assert Subscriber.objects.count() == 2


def test_an_issue_on_its_way_can_no_longer_be_edited(owner_client):
    issue = IssueFactory(status=Issue.Status.SENDING, queued_at=timezone.now())
    url = reverse("letters:issue_edit", args=[issue.pk])
    response = owner_client.post(url, {"subject": "Changed", "body": "Changed"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.subject != "Changed"


def test_a_changed_unsubscribe_link_is_refused_and_changes_nothing(client):
    from tests.factories import ClientFactory

    agreed = ClientFactory(newsletter_consented_at=timezone.now())
    url = reverse("letters:client_unsubscribe", args=[f"{agreed.pk}:forged"])
    assert client.post(url).status_code == 400
    agreed.refresh_from_db()
    assert agreed.newsletter_consented_at is not None
