"""Private calendar feeds: iCalendar from a secret link, replaced or turned off by
its owner; a wrong or revoked link is a plain 404."""

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from scheduling.models import CalendarFeed
from scheduling.services import (
    calendar_feed_reset,
    calendar_feed_revoke,
    session_cancel,
)
from scheduling.views import FEED_READY, FEED_REPLACED, FEED_REVOKED
from tests.factories import ClientWithLoginFactory, SessionFactory

pytestmark = pytest.mark.django_db


def page(response) -> bytes:
    """The response body, its per-response CSRF token masked."""
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", response.content)


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_trainers_feed_lists_their_sessions_with_stable_uids(client, trainer):
    session = SessionFactory(
        client__trainer=trainer,
        client__first_name="Alex",
        client__last_name="Morgan",
        location="Main gym",
        focus="Day A: hinge and push",
    )
    SessionFactory(client__first_name="Not-mine")
    url = calendar_feed_reset(user=trainer).get_absolute_url()
    response = client.get(url)
    # Calendar apps are asked to check again every hour.
    assert b"X-PUBLISHED-TTL:PT1H" in response.content
    first = events(response)
    assert len(first) == 1
    event = first[0]
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert str(event["SUMMARY"]) == "Training: Alex Morgan"
    assert str(event["LOCATION"]) == "Main gym"
    assert "Day A: hinge and push" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTEND") == session.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"

    # Cancelled: the same event, a later sequence, marked cancelled.
    session_cancel(session=session)
    again = events(client.get(url))[0]
    assert str(again["UID"]) == str(event["UID"])
    assert again["SEQUENCE"] > event.get("SEQUENCE", 0)
    assert str(again["STATUS"]) == "CANCELLED"


def test_a_clients_feed_lists_their_own_sessions(client):
    person = ClientWithLoginFactory(
        trainer__first_name="Chris", trainer__last_name="Coach"
    )
    SessionFactory(client=person, video_url="https://meet.example.com/alex")
    SessionFactory()
    feed = calendar_feed_reset(user=person.user)
    listed = events(client.get(feed.get_absolute_url()))
    assert [str(e["SUMMARY"]) for e in listed] == ["Training with Chris Coach"]
    assert str(listed[0]["URL"]) == "https://meet.example.com/alex"


def test_a_wrong_or_revoked_link_is_the_same_404(client, trainer):
    old = calendar_feed_reset(user=trainer).get_absolute_url()
    new = calendar_feed_reset(user=trainer).get_absolute_url()
    assert client.get(new).status_code == 200
    revoked = client.get(old)
    wrong = client.get(reverse("scheduling:calendar_feed", args=["x" * 43]))
    assert revoked.status_code == wrong.status_code == 404
    assert page(revoked) == page(wrong)
    assert revoked["Content-Type"] == wrong["Content-Type"]
    calendar_feed_revoke(user=trainer)
    assert page(client.get(new)) == page(wrong)
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("count", [1, 50])
def test_the_feed_takes_the_same_queries_however_many_sessions(
    client, trainer, count, django_assert_max_num_queries
):
    SessionFactory.create_batch(count, client__trainer=trainer)
    url = calendar_feed_reset(user=trainer).get_absolute_url()
    # the feed with its user, the sessions, the request's savepoint
    with django_assert_max_num_queries(4):
        assert len(events(client.get(url))) == count


def test_a_user_gets_replaces_and_turns_off_their_link(client, trainer):
    client.force_login(trainer)
    page = client.get(reverse("scheduling:calendar"))
    assert "Get my calendar link" in page.content.decode()
    # Getting a new link asks first only when there is one to lose.
    assert client.get(reverse("scheduling:calendar_reset")).status_code == 302

    response = client.post(reverse("scheduling:calendar_reset"), follow=True)
    assert FEED_READY in response.content.decode()
    first = CalendarFeed.objects.get(user=trainer).token
    assert f"http://testserver/calendar/{first}.ics" in response.content.decode()
    assert f"webcal://testserver/calendar/{first}.ics" in response.content.decode()

    confirm = client.get(reverse("scheduling:calendar_reset"))
    assert "stops working at once" in confirm.content.decode()
    response = client.post(reverse("scheduling:calendar_reset"), follow=True)
    assert FEED_REPLACED in response.content.decode()
    assert CalendarFeed.objects.get(user=trainer).token != first

    assert (
        "Turn off" in client.get(reverse("scheduling:calendar_revoke")).content.decode()
    )
    response = client.post(reverse("scheduling:calendar_revoke"), follow=True)
    assert FEED_REVOKED in response.content.decode()
    assert not CalendarFeed.objects.filter(user=trainer).exists()


def test_every_user_has_their_own_link(world):
    feeds = {
        calendar_feed_reset(user=u).token for u in [world.trainer_a, world.trainer_b]
    }
    assert len(feeds) == 2
