import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from newsletter.models import Subscriber
from newsletter.services import subscriber_unsubscribe
from tests.factories import AdminFactory, ConfirmedSubscriberFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:newsletter_subscriber_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_shows_status_and_source_in_few_queries(
    admin_client, count, django_assert_max_num_queries
):
    SubscriberFactory.create_batch(count, source="hinge")
    with django_assert_max_num_queries(10):
        page = admin_client.get(CHANGELIST, {"status__exact": "pending"})
    assert page.context["cl"].result_count == count
    assert "hinge" in page.content.decode()


def test_subscribers_are_exported_as_csv_that_a_spreadsheet_will_not_run(
    admin_client,
):
    ann = ConfirmedSubscriberFactory(email="ann@example.com", first_name="Ann")
    evil = SubscriberFactory(email="evil@example.com", first_name="=HYPERLINK(1)")
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [ann.pk, evil.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "email",
        "first_name",
        "status",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["ann@example.com"][1:4] == ["Ann", "confirmed", "home"]
    assert by_email["ann@example.com"][5]  # confirmed_at
    assert by_email["evil@example.com"][1] == "'=HYPERLINK(1)"


def test_the_admin_unsubscribes_someone_who_asks(admin_client):
    subscriber = ConfirmedSubscriberFactory()
    page = admin_client.post(
        CHANGELIST,
        {"action": "unsubscribe", ACTION_CHECKBOX_NAME: [subscriber.pk]},
        follow=True,
    )
    assert "1 subscriber unsubscribed." in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_nobody_is_added_by_hand_and_the_link_secret_is_not_shown(admin_client):
    subscriber = SubscriberFactory()
    assert admin_client.get(reverse("admin:newsletter_subscriber_add")).status_code == (
        403
    )
    change = admin_client.get(
        reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])
    )
    assert subscriber.confirmation_nonce not in change.content.decode()


def test_a_refused_unsubscribe_is_an_admin_message_and_the_rest_go_on(
    admin_client, monkeypatch
):
    first, second = ConfirmedSubscriberFactory(), ConfirmedSubscriberFactory()

    def unsubscribe(*, subscriber_id):
        if subscriber_id == first.pk:
            raise ValidationError("This subscriber is being erased.")
        subscriber_unsubscribe(subscriber_id=subscriber_id)

    monkeypatch.setattr("newsletter.admin.subscriber_unsubscribe", unsubscribe)
    page = admin_client.post(
        CHANGELIST,
        {"action": "unsubscribe", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
        follow=True,
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "This subscriber is being erased." in text
    assert "1 subscriber unsubscribed." in text
    second.refresh_from_db()
    assert second.status == Subscriber.Status.UNSUBSCRIBED
