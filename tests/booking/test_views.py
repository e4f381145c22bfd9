"""The trainer's availability pages and the visitor's booking pages."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from booking.models import Booking, SessionType, TimeOff, WeeklyHours
from booking.services import HOLDS_PER_EMAIL, SLOT_TAKEN, booking_confirm
from booking.views import CANCELLED, CONFIRMED, HOLD_SENT, MOVED, PICK_A_TIME
from tests.factories import BookingFactory, TrainerFactory, WeeklyHoursFactory

pytestmark = pytest.mark.django_db

TEN = datetime(2027, 1, 5, 10, tzinfo=UTC)


def slot(session_type, at=TEN):
    return f"{session_type.pk}-{int(at.timestamp())}"


def details(session_type, at=TEN, tz="Europe/London"):
    return reverse("booking:book_details") + f"?slot={slot(session_type, at)}&tz={tz}"


VISITOR = {
    "first_name": "Ada",
    "email": "ada@example.com",
    "goals": "Deadlift",
    "time_zone": "America/New_York",
    "consent": "on",
}


def test_a_trainer_sets_hours_time_off_and_a_session_type(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("booking:availability_hours_add"),
        {"weekday": "0", "starts": "09:00", "ends": "12:00"},
    )
    assert response.status_code == 302
    assert WeeklyHours.objects.get(trainer=trainer).ends == time(12)
    response = client.post(
        reverse("booking:availability_hours_add"),
        {"weekday": "0", "starts": "12:00", "ends": "09:00"},
    )
    assert response.status_code == 200
    assert "The hours must end after they start." in response.content.decode()
    client.post(
        reverse("booking:availability_time_off_add"),
        {"first_day": "2027-08-01", "last_day": "2027-08-14", "reason": "Holiday"},
    )
    assert TimeOff.objects.get(trainer=trainer).last_day == date(2027, 8, 14)
    response = client.post(
        reverse("booking:availability_type_new"),
        {
            "name": "Consultation",
            "kind": "consultation",
            "minutes": "30",
            "buffer_before": "0",
            "buffer_after": "15",
            "step": "30",
            "notice_hours": "12",
            "horizon_days": "30",
            "cancel_notice_hours": "24",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert SessionType.objects.get(trainer=trainer).buffer_after == 15
    response = client.post(
        reverse("booking:availability_type_new"),
        {
            "name": "Bad",
            "kind": "training",
            "minutes": "-5",
            "buffer_before": "999",
            "buffer_after": "0",
            "step": "30",
            "notice_hours": "0",
            "horizon_days": "0",
            "cancel_notice_hours": "0",
        },
    )
    assert response.status_code == 200
    assert SessionType.objects.count() == 1
    page = client.get(reverse("booking:availability")).content.decode()
    assert "Monday 09:00–12:00" in page
    assert "Consultation" in page


def test_a_trainer_cannot_remove_another_trainers_hours(client):
    hours = WeeklyHoursFactory()
    client.force_login(TrainerFactory())
    url = reverse("booking:availability_hours_delete", kwargs={"pk": hours.pk})
    assert client.post(url).status_code == 404
    assert WeeklyHours.objects.filter(pk=hours.pk).exists()


def test_the_booking_page_shows_free_times_in_the_visitors_zone(
    client, consultation, now, django_assert_max_num_queries
):
    url = reverse("booking:book") + "?tz=America/New_York&from=2027-01-05"
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    # 10:00 in London is 05:00 in New York; the first of the day is 04:00.
    assert f"slot={slot(consultation)}" in page
    assert "America/New_York" in page
    assert ">04:00<" in page


def test_a_visitor_holds_confirms_moves_and_cancels(
    client, consultation, now, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(details(consultation), VISITOR, follow=True)
    assert HOLD_SENT in response.content.decode()
    booking = Booking.objects.get()
    assert booking.time_zone == "America/New_York"
    # The hold page does not give away the link: only the email has it.
    assert booking.token not in response.content.decode()
    assert booking.token in mailoutbox[0].body
    confirm = reverse("booking:booking_confirm", kwargs={"token": booking.token})
    assert client.get(confirm).status_code == 200
    response = client.post(confirm, follow=True)
    assert CONFIRMED in response.content.decode()
    booking.refresh_from_db()
    assert booking.consultation.scheduled_at == TEN
    move = reverse("booking:booking_move", kwargs={"token": booking.token})
    later = int(datetime(2027, 1, 5, 11, tzinfo=UTC).timestamp())
    assert f'value="{later}"' in client.get(move).content.decode()
    response = client.post(move, {"at": str(later)}, follow=True)
    assert MOVED in response.content.decode()
    response = client.post(move, {"at": "not a time"}, follow=True)
    assert PICK_A_TIME in response.content.decode()
    cancel = reverse("booking:booking_cancel", kwargs={"token": booking.token})
    response = client.post(cancel, follow=True)
    assert CANCELLED in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_taken_slot_is_refused_with_the_next_free_ones(client, consultation, now):
    BookingFactory(
        session_type=consultation, starts_at=TEN, ends_at=TEN.replace(minute=30)
    )
    response = client.post(details(consultation), VISITOR)
    page = response.content.decode()
    assert SLOT_TAKEN in page
    assert slot(consultation, TEN.replace(minute=30)) in page
    assert Booking.objects.count() == 1


def test_a_second_hold_by_the_same_address_is_refused(client, consultation, now):
    client.post(details(consultation), VISITOR)
    later = TEN.replace(hour=12)
    response = client.post(details(consultation, later), VISITOR)
    assert HOLDS_PER_EMAIL in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("value", ["", "x", "1-2-3", "999999-1", "1-99999999999999999"])
def test_a_slot_link_that_names_nothing_goes_back_to_the_times(client, value, db):
    response = client.get(
        reverse("booking:book_details") + f"?slot={value}", follow=True
    )
    assert PICK_A_TIME in response.content.decode()


def test_a_confirmed_booking_cannot_be_confirmed_twice(client, consultation, now):
    booking = booking_confirm(
        booking=BookingFactory(
            session_type=consultation, starts_at=TEN, ends_at=TEN.replace(minute=30)
        )
    )
    confirm = reverse("booking:booking_confirm", kwargs={"token": booking.token})
    client.post(confirm)
    assert Booking.objects.get().consultation_id == booking.consultation_id


def test_an_unknown_token_is_a_404(client, db):
    url = reverse("booking:booking_detail", kwargs={"token": "nope"})
    assert client.get(url).status_code == 404
