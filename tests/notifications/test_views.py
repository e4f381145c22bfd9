"""The notifications page: push off says so; topics saved; a browser's subscription
kept from the page's script (JSON answers, clear refusals); devices turned off, only
one's own; a page whose queries do not grow with the devices."""

import pytest
from django.urls import reverse

from notifications import views
from notifications.models import PushPreference, PushSubscription
from tests.factories import (
    ClientWithLoginFactory,
    PushSubscriptionFactory,
    TrainerFactory,
    _push_keys,
)

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:settings")
SUBSCRIBE = reverse("notifications:subscribe")
REMOVE = reverse("notifications:device_remove")


@pytest.fixture
def client_user(client):
    user = ClientWithLoginFactory().user
    client.force_login(user)
    return user


def test_without_keys_the_page_says_push_is_off_and_the_script_has_no_key(
    client, client_user, settings
):
    settings.VAPID_PRIVATE_KEY = ""
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert b"data-push-off" in page.content
    assert b"data-push-panel" not in page.content
    assert b'data-key=""' in page.content
    answer = client.post(SUBSCRIBE, {"endpoint": "https://push.example.com/1"})
    assert answer.status_code == 409
    assert answer.json() == {"error": views.PUSH_OFF}


def test_with_keys_the_page_offers_to_turn_this_device_on(client, client_user, vapid):
    page = client.get(SETTINGS)
    assert b"data-push-panel" in page.content
    assert f'data-key="{vapid}"'.encode() in page.content
    assert b"Turn on notifications on this device" in page.content


def test_a_trainer_chooses_topics_and_sees_them_chosen(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    # Until they choose, every topic is ticked.
    assert client.get(SETTINGS).context["form"].initial["topics"] == [
        "messages",
        "comments",
        "ladder",
        "reminders",
    ]
    answer = client.post(SETTINGS, {"topics": ["messages", "comments"]}, follow=True)
    assert views.TOPICS_SAVED in answer.content.decode()
    assert PushPreference.objects.get(user=trainer).topics == ["messages", "comments"]
    assert client.get(SETTINGS).context["form"].initial["topics"] == [
        "messages",
        "comments",
    ]


def test_an_unknown_topic_is_refused_on_the_form(client, client_user):
    answer = client.post(SETTINGS, {"topics": ["everything"]})
    assert answer.status_code == 200
    assert answer.context["form"].errors["topics"]
    assert not PushPreference.objects.exists()


def test_the_page_script_keeps_this_browsers_subscription(client, client_user, vapid):
    keys = _push_keys()
    fields = {
        "endpoint": "https://updates.push.services.mozilla.com/wpush/v2/x",
        **keys,
    }
    answer = client.post(SUBSCRIBE, fields, HTTP_USER_AGENT="Mozilla/5.0 (Android)")
    assert answer.status_code == 200
    assert answer.json() == {"saved": True}
    device = PushSubscription.objects.get()
    assert (device.user, device.user_agent) == (client_user, "Mozilla/5.0 (Android)")
    # Re-synced when the app opens: the same row, seen again.
    seen = device.last_seen_at
    assert client.post(SUBSCRIBE, fields).status_code == 200
    device.refresh_from_db()
    assert PushSubscription.objects.count() == 1
    assert device.last_seen_at >= seen


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"endpoint": "not a url", "p256dh": "x", "auth": "y"},
        {"endpoint": "http://10.0.0.1/internal", **_push_keys()},
        {"endpoint": "https://push.example.com/1", "p256dh": "\x00", "auth": "y"},
        {"endpoint": "https://push.example.com/" + "a" * 2000, **_push_keys()},
    ],
)
def test_a_broken_subscription_gets_a_clear_400(client, client_user, vapid, fields):
    answer = client.post(SUBSCRIBE, fields)
    assert answer.status_code == 400
    assert answer.json()
    assert not PushSubscription.objects.exists()


def test_a_device_is_turned_off_from_the_list_and_from_itself(client, client_user):
    listed = PushSubscriptionFactory(user=client_user)
    itself = PushSubscriptionFactory(user=client_user)
    answer = client.post(REMOVE, {"pk": listed.pk}, follow=True)
    assert views.DEVICE_REMOVED in answer.content.decode()
    client.post(REMOVE, {"endpoint": itself.endpoint})
    assert not PushSubscription.objects.exists()


def test_another_users_device_cannot_be_turned_off(client, client_user):
    theirs = PushSubscriptionFactory()
    answer = client.post(REMOVE, {"pk": theirs.pk}, follow=True)
    assert views.DEVICE_UNKNOWN in answer.content.decode()
    answer = client.post(REMOVE, {"pk": "abc"}, follow=True)
    assert answer.status_code == 200
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_the_page_lists_only_ones_own_devices(client, client_user):
    PushSubscriptionFactory(user=client_user, user_agent="Mozilla (Android) Chrome/1")
    PushSubscriptionFactory(user_agent="Mozilla (Windows) Firefox/1")
    page = client.get(SETTINGS).content.decode()
    assert "Chrome · Android" in page
    assert "Windows" not in page


@pytest.mark.parametrize("devices", [1, 30])
def test_the_page_costs_the_same_queries_with_one_device_or_many(
    client, client_user, devices, django_assert_max_num_queries
):
    PushSubscriptionFactory.create_batch(devices, user=client_user)
    with django_assert_max_num_queries(12):
        page = client.get(SETTINGS)
    assert page.content.decode().count("data-device") == devices


def test_logging_out_turns_off_the_device_it_happened_on(client, client_user, vapid):
    keys = _push_keys()
    here = "https://push.example.com/here"
    client.post(SUBSCRIBE, {"endpoint": here, **keys})
    elsewhere = PushSubscriptionFactory(user=client_user)
    client.post(reverse("logout"))
    assert list(PushSubscription.objects.all()) == [elsewhere]
