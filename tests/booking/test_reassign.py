"""Moving a client to another trainer says first which of the client's sessions still
to come would overlap the new trainer's calendar, buffers included, and asks to
confirm; the change page moves and says so in a message."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from booking.admin import OVERLAPS
from booking.models import SessionBooking
from booking.selectors import reassign_clashes
from clients.models import Client
from tests.factories import (
    AdminFactory,
    BookingFactory,
    ClientFactory,
    ConsultationFactory,
    SessionFactory,
    SessionTypeFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:clients_client_changelist")
NOW = datetime(2027, 1, 4, 8, tzinfo=UTC)  # a Monday
TEN = datetime(2027, 1, 5, 10, tzinfo=UTC)  # Tuesday 10:00 in London


def at(starts, minutes=60, **kwargs):
    return {
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=minutes),
        **kwargs,
    }


@pytest.fixture
def move():
    """Alex (with Sam) has a session Tuesday 10:00 to 11:00; Robin's calendar has one
    of Jo's sessions."""
    sam = TrainerFactory(first_name="Sam")
    robin = TrainerFactory(
        first_name="Robin", last_name="Hale", time_zone="Europe/London"
    )
    alex = ClientFactory(trainer=sam, first_name="Alex", last_name="Stone")
    jo = ClientFactory(trainer=robin, first_name="Jo", last_name="Bloggs")
    return {
        "sam": sam,
        "robin": robin,
        "alex": alex,
        "jo": jo,
        "session": SessionFactory(client=alex, **at(TEN)),
    }


def whats(move, now=NOW):
    return [
        c.what
        for c in reassign_clashes(client=move["alex"], trainer=move["robin"], now=now)
    ]


def test_no_clash_when_the_new_trainer_is_free(move):
    SessionFactory(client=move["jo"], **at(TEN + timedelta(hours=1)))  # back to back
    assert whats(move) == []


def test_a_session_of_the_new_trainer_at_the_same_time_clashes(move):
    SessionFactory(client=move["jo"], **at(TEN + timedelta(minutes=30)))
    [clash] = reassign_clashes(client=move["alex"], trainer=move["robin"], now=NOW)
    assert clash.session == move["session"]
    assert clash.what == "Jo Bloggs's session 10:30–11:30"


def test_buffers_count_on_both_sides(move):
    # Back to back, but Jo's was booked as a type that keeps 15 minutes free before.
    jos = SessionFactory(client=move["jo"], **at(TEN + timedelta(hours=1)))
    kind = SessionTypeFactory(trainer=move["robin"], kind="training", buffer_before=15)
    SessionBooking.objects.create(session=jos, session_type=kind)
    assert whats(move) == ["Jo Bloggs's session 11:00–12:00"]
    # And Alex's own buffer after, the other way round: 15 minutes before 10:00.
    SessionBooking.objects.filter(session=jos).delete()
    mine = SessionTypeFactory(trainer=move["sam"], kind="training", buffer_before=30)
    SessionBooking.objects.create(session=move["session"], session_type=mine)
    SessionFactory(client=move["jo"], **at(TEN - timedelta(minutes=75)))
    assert whats(move) == ["Jo Bloggs's session 08:45–09:45"]


def test_visitors_bookings_and_consultations_by_hand_clash_too(
    move, django_assert_num_queries
):
    kind = SessionTypeFactory(trainer=move["robin"])
    BookingFactory(
        session_type=kind,
        status="confirmed",
        blocked_from=TEN - timedelta(minutes=15),
        **at(TEN - timedelta(minutes=15), minutes=30),
        hold_expires_at=NOW,
    )
    ConsultationFactory(
        trainer=move["robin"],
        status="scheduled",
        scheduled_at=TEN + timedelta(minutes=45),
    )
    SessionFactory(client=move["jo"], **at(TEN + timedelta(days=1)))
    with django_assert_num_queries(4):  # the client's, and each kind of theirs
        clashes = whats(move)
    assert clashes == [
        "a visitor's consultation 09:45–10:15",
        "a consultation at 10:45",
    ]


def test_past_and_cancelled_sessions_and_lapsed_holds_do_not_clash(move):
    SessionFactory(client=move["jo"], status="cancelled", cancelled_at=NOW, **at(TEN))
    BookingFactory(
        session_type=SessionTypeFactory(trainer=move["robin"]),
        hold_expires_at=NOW - timedelta(minutes=1),
        **at(TEN),
    )
    assert whats(move) == []
    SessionFactory(client=move["jo"], **at(TEN))
    assert whats(move, now=TEN + timedelta(minutes=1)) == []  # Alex's has started


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def test_the_admin_action_lists_the_overlaps_and_moves_only_when_confirmed(
    admin_client, move, time_machine
):
    time_machine.move_to(NOW, tick=False)
    SessionFactory(client=move["jo"], **at(TEN + timedelta(minutes=30)))
    payload = {
        "action": "reassign",
        ACTION_CHECKBOX_NAME: [move["alex"].pk],
        "trainer": move["robin"].pk,
        "apply": "1",
    }
    page = admin_client.post(CHANGELIST, payload)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Alex Stone, Tue 5 Jan 2027 10:00–11:00: "
        "overlaps Jo Bloggs&#x27;s session 10:30–11:30" in html
    )
    assert (
        OVERLAPS.format(trainer="Robin Hale").split(":")[0].replace("'", "&#x27;")
        in html
    )
    assert "Move anyway" in html
    assert Client.objects.get(pk=move["alex"].pk).trainer == move["sam"]

    done = admin_client.post(CHANGELIST, {**payload, "move_anyway": "on"}, follow=True)
    assert "1 client moved to Robin Hale" in done.content.decode()
    assert Client.objects.get(pk=move["alex"].pk).trainer == move["robin"]


def test_the_admin_action_moves_at_once_without_overlaps(
    admin_client, move, time_machine
):
    time_machine.move_to(NOW, tick=False)
    payload = {
        "action": "reassign",
        ACTION_CHECKBOX_NAME: [move["alex"].pk],
        "trainer": move["robin"].pk,
        "apply": "1",
    }
    done = admin_client.post(CHANGELIST, payload, follow=True)
    assert "1 client moved to Robin Hale" in done.content.decode()


def test_the_change_page_moves_and_says_which_sessions_overlap(
    admin_client, move, time_machine
):
    time_machine.move_to(NOW, tick=False)
    SessionFactory(client=move["jo"], **at(TEN + timedelta(minutes=30)))
    alex = move["alex"]
    url = reverse("admin:clients_client_change", args=[alex.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {n: v for n, v in form.initial.items() if v is not None and n in form.fields}
    done = admin_client.post(url, {**data, "trainer": move["robin"].pk}, follow=True)
    alex.refresh_from_db()
    assert alex.trainer == move["robin"]
    [message] = [str(m) for m in done.context["messages"] if m.level_tag == "warning"]
    assert message.startswith("Alex Stone now trains with Robin Hale")
    assert (
        "Tue 5 Jan 2027 10:00–11:00: overlaps Jo Bloggs's session 10:30–11:30"
        in message
    )
