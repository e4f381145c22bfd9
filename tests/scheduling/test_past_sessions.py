"""A coach who forgot to schedule a session records it afterwards, attended, and logs
its workout; no reminder ever goes out for it."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import Client
from outbox.models import Email
from programming.models import Program
from scheduling.models import Session
from scheduling.services import (
    SESSION_IN_PAST,
    SESSION_NOT_YET,
    SESSION_TOO_LONG_AGO,
    SessionOverlap,
    reminder_sweep,
    session_record,
    session_schedule,
)
from tests.factories import ClientFactory, TrainerFactory
from tests.training.conftest import athlete, day  # noqa: F401 (fixtures)
from tests.training.posts import form_data
from training.models import Workout

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)  # a Tuesday, noon in London
HOUR = timedelta(hours=1)


def record(client, **kwargs):
    values = {
        "client": client,
        "day": date(2026, 3, 9),
        "start_time": time(7),
        "duration": HOUR,
        "now": NOW,
    }
    return session_record(**{**values, **kwargs})


def test_a_past_session_is_recorded_attended_at_the_trainers_local_time(london):
    session = record(london, location="The gym", focus="Day A")
    assert session.starts_at == datetime(2026, 3, 9, 7, tzinfo=UTC)
    assert session.attendance == Session.Attendance.ATTENDED
    assert session.status == Session.Status.SCHEDULED
    assert (session.location, session.focus) == ("The gym", "Day A")
    # Earlier the same day counts as past too.
    assert record(london, day=date(2026, 3, 10), start_time=time(11, 30)).pk


def test_scheduling_still_refuses_the_past(london):
    with pytest.raises(ValidationError) as refused:
        session_schedule(
            client=london,
            day=date(2026, 3, 9),
            start_time=time(7),
            duration=HOUR,
            now=NOW,
        )
    assert refused.value.message_dict["start_time"] == [SESSION_IN_PAST]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"day": date(2026, 3, 10), "start_time": time(12, 30)}, "start_time", None),
        ({"day": date(2025, 3, 9)}, "day", SESSION_TOO_LONG_AGO),
        ({"duration": timedelta(0)}, "duration", None),
    ],
)
def test_a_bad_past_session_is_refused_on_its_field_and_nothing_is_saved(
    london, kwargs, field, message
):
    with pytest.raises(ValidationError) as refused:
        record(london, **kwargs)
    if field == "start_time":
        message = SESSION_NOT_YET
    assert field in refused.value.message_dict
    if message:
        assert refused.value.message_dict[field] == [message]
    assert Session.objects.count() == 0


def test_a_past_session_overlapping_another_is_a_warning(london):
    record(london)
    with pytest.raises(SessionOverlap):
        record(london, start_time=time(7, 30))
    assert record(london, start_time=time(7, 30), allow_overlap=True).pk


def test_no_reminder_ever_goes_out_for_a_past_session(
    london, mailoutbox, django_capture_on_commit_callbacks
):
    london.reminders = Client.Reminders.BOTH
    london.save()
    session = record(london, day=date(2026, 3, 10), start_time=time(11, 59))
    with django_capture_on_commit_callbacks(execute=True):
        for later in (timedelta(0), timedelta(minutes=1), timedelta(days=1)):
            reminder_sweep(now=NOW + later)
    assert mailoutbox == []
    assert not Email.objects.exists()
    session.refresh_from_db()
    assert not session.was_reminded


@time_machine.travel(NOW, tick=False)
def test_the_coach_records_a_past_session_then_logs_its_workout(
    client,
    athlete,  # noqa: F811
    day,  # noqa: F811
):
    trainer = athlete.trainer
    trainer.time_zone = "Europe/London"
    trainer.save()
    # The program was under way before the session.
    Program.objects.filter(pk=day.program_id).update(created_at=NOW - 30 * HOUR * 24)
    client.force_login(trainer)
    page = client.get(reverse("scheduling:session_record"))
    assert "Record a past session" in page.content.decode()

    response = client.post(
        reverse("scheduling:session_record"),
        {
            "client": athlete.pk,
            "day": "2026-03-08",
            "start_time": "18:00",
            "duration": "60",
            "focus": "Day A",
        },
    )
    session = Session.objects.get()
    assert response.url == session.get_absolute_url()
    assert session.attendance == Session.Attendance.ATTENDED

    detail = client.get(session.get_absolute_url()).content.decode()
    log_url = reverse(
        "training:client_day_log", kwargs={"client_pk": athlete.pk, "pk": day.pk}
    )
    assert f'href="{log_url}?session={session.pk}"' in detail

    # The log page starts on the session's date; the workout is the session's.
    page = client.get(f"{log_url}?session={session.pk}")
    assert page.context["form"]["performed_on"].initial == date(2026, 3, 8)
    response = client.post(
        f"{log_url}?session={session.pk}",
        form_data(day, performed_on=date(2026, 3, 8)),
    )
    assert response.status_code == 302, response.context["form"].errors
    workout = Workout.objects.get()
    assert (workout.session, workout.performed_on) == (session, date(2026, 3, 8))
    assert workout.logged_by == trainer
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "Day A, logged" in detail


@time_machine.travel(NOW, tick=False)
def test_a_future_time_or_another_trainers_client_is_refused_on_the_form(client):
    trainer = TrainerFactory(time_zone="Europe/London")
    mine = ClientFactory(trainer=trainer)
    theirs = ClientFactory()
    client.force_login(trainer)
    url = reverse("scheduling:session_record")
    fields = {"day": "2026-03-10", "start_time": "13:00", "duration": "60"}
    page = client.post(url, {**fields, "client": mine.pk})
    assert page.status_code == 200
    assert SESSION_NOT_YET in page.content.decode()
    page = client.post(url, {**fields, "start_time": "09:00", "client": theirs.pk})
    assert "Pick one of your own clients." in page.content.decode()
    assert Session.objects.count() == 0
