"""Logging a training day from the phone (the form, or the offline outbox sending the
same form and asking for JSON), and the history of what was logged."""

import json
import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programming.models import Prescription
from programming.services import prescription_superset
from scheduling.models import Session
from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    SessionFactory,
    WorkoutFactory,
)
from tests.training.posts import form_data
from training.models import Workout, WorkoutSet
from training.services import IN_THE_FUTURE, NOTHING_DONE, SET_NEEDS_AMOUNT
from training.views import WORKOUT_ALREADY_SAVED

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def log_url(day) -> str:
    return reverse("training:my_day_log", kwargs={"pk": day.pk})


def test_the_day_shows_each_target_prefilled_for_one_tap(athlete_client, day):
    page = athlete_client.get(log_url(day))
    html = page.content.decode()
    assert "3 × 8 @ 40 kg" in html
    assert "2 × 20 m @ 24 kg" in html
    form = page.context["form"]
    assert form["e0-s2-amount"].initial == 8
    assert form["e0-s2-load"].initial == "40"
    assert form["e1-s1-amount"].initial == 20
    assert "Any pain? Where?" in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_a_superset_reads_as_on_my_program(athlete_client, day):
    first, second = day.prescriptions.all()
    prescription_superset(prescription=second, joined=True)
    html = athlete_client.get(log_url(day)).content.decode()
    headings = re.findall(r'<h2 class="card-header[^>]*>([^<]+)', html)
    assert headings == [
        f"A1. {first.variation.name} ",
        f"A2. {second.variation.name} ",
    ]
    assert html.count(">superset</span>") == 2


def test_a_logged_day_keeps_only_the_sets_ticked_as_done(athlete_client, day):
    data = form_data(day, **{"e0-s1-amount": "6", "e0-s1-load": "42.5"})
    del data["e0-s2-done"]
    response = athlete_client.post(log_url(day), data, follow=True)
    workout = Workout.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "training:my_workout", kwargs={"pk": workout.pk}
    )
    assert "Saved: Day A, 2 exercises." in response.content.decode()
    hinge, carry = workout.exercises.order_by("position")
    assert [s.display for s in hinge.sets.all()] == ["8 @ 40 kg", "6 @ 42.5 kg"]
    assert [s.display for s in carry.sets.all()] == ["20 m @ 24 kg"] * 2
    assert (hinge.target, hinge.rpe, hinge.pain) == ("3 × 8 @ 40 kg", 7, 0)
    assert (workout.day_name, workout.logged_by) == ("Day A", day.program.client.user)


def test_sending_the_same_workout_twice_stores_it_once(athlete_client, day):
    first = athlete_client.post(log_url(day), form_data(day), **JSON)
    again = athlete_client.post(log_url(day), form_data(day), **JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {**again.json(), "created": True}
    assert Workout.objects.count() == 1
    assert WorkoutSet.objects.count() == 5
    page = athlete_client.post(log_url(day), form_data(day), follow=True)
    assert WORKOUT_ALREADY_SAVED in page.content.decode()


def test_a_new_id_is_a_new_workout(athlete_client, day):
    athlete_client.post(log_url(day), form_data(day), **JSON)
    other = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
    athlete_client.post(log_url(day), form_data(day, uid=other), **JSON)
    assert Workout.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"e0-s0-amount": "201"}, "e0-s0-amount"),
        ({"e0-s0-amount": "-1"}, "e0-s0-amount"),
        ({"e0-s0-amount": "eight"}, "e0-s0-amount"),
        ({"e0-s0-amount": ""}, "e0-s0-amount"),
        ({"e0-s0-load": "1000.01"}, "e0-s0-load"),
        ({"e0-s0-load": "-5"}, "e0-s0-load"),
        ({"e1-s0-amount": "10001"}, "e1-s0-amount"),
        ({"e0-rpe": "11"}, "e0-rpe"),
        ({"e0-rpe": "0"}, "e0-rpe"),
        ({"e0-pain": "-1"}, "e0-pain"),
        ({"e0-pain": "11"}, "e0-pain"),
        ({"e0-where": "x" * 101}, "e0-where"),
        ({"e0-note": "x" * 501}, "e0-note"),
        ({"notes": "x" * 2001}, "notes"),
        ({"uid": "not-an-id"}, "uid"),
        ({"performed_on": "2026-02-30"}, "performed_on"),
    ],
)
def test_bad_values_are_refused_per_field_and_nothing_is_saved(
    athlete_client, day, changes, field
):
    response = athlete_client.post(log_url(day), form_data(day, **changes), **JSON)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    page = athlete_client.post(log_url(day), form_data(day, **changes))
    assert page.status_code == 200
    assert field in page.context["form"].errors
    assert not Workout.objects.exists()


def test_a_set_ticked_with_no_amount_asks_how_many(athlete_client, day):
    response = athlete_client.post(
        log_url(day), form_data(day, **{"e0-s0-amount": ""}), **JSON
    )
    assert response.json()["errors"] == {"e0-s0-amount": [SET_NEEDS_AMOUNT]}


def test_a_date_after_today_or_before_the_program_is_refused(athlete_client, day):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = athlete_client.post(
        log_url(day), form_data(day, performed_on=tomorrow), **JSON
    )
    assert response.json()["errors"] == {"performed_on": [IN_THE_FUTURE]}
    before = timezone.localdate(day.program.created_at) - timedelta(days=1)
    response = athlete_client.post(
        log_url(day), form_data(day, performed_on=before), **JSON
    )
    assert list(response.json()["errors"]) == ["performed_on"]
    assert not Workout.objects.exists()


def test_nothing_ticked_is_nothing_to_save(athlete_client, day):
    data = {k: v for k, v in form_data(day).items() if not k.endswith("-done")}
    response = athlete_client.post(log_url(day), data, **JSON)
    assert response.json()["errors"] == {"__all__": [NOTHING_DONE]}


def test_html_in_a_note_is_kept_as_text(athlete_client, day):
    note = "<script>alert(1)</script> ça va 💪"
    athlete_client.post(log_url(day), form_data(day, **{"e0-note": note}))
    workout = Workout.objects.get()
    assert workout.exercises.get(position=1).note == note
    page = athlete_client.get(reverse("training:my_workout", args=[workout.pk]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ça va 💪" in page.content.decode()


def test_the_log_never_changes_the_prescription(athlete_client, day):
    before = list(Prescription.objects.values())
    data = form_data(day, **{"e0-s0-amount": "3", "e0-sets": "9", "sets": "9"})
    athlete_client.post(log_url(day), data)
    assert list(Prescription.objects.values()) == before


def test_another_clients_day_or_a_draft_is_not_found(athlete_client, athlete):
    theirs = PrescriptionFactory(
        day__program__client=ClientWithLoginFactory(), day__program__is_active=True
    ).day
    assert athlete_client.get(log_url(theirs)).status_code == 404
    assert athlete_client.post(log_url(theirs), form_data(theirs)).status_code == 404
    draft = PrescriptionFactory(day__program__client=athlete).day
    assert athlete_client.get(log_url(draft)).status_code == 404
    assert not Workout.objects.exists()


def test_another_clients_session_is_not_found(athlete_client, day):
    theirs = SessionFactory()
    url = f"{log_url(day)}?session={theirs.pk}"
    assert athlete_client.post(url, form_data(day)).status_code == 404


def test_a_cancelled_session_takes_no_workout(athlete_client, athlete, day):
    started = timezone.now() - timedelta(minutes=30)
    cancelled = SessionFactory(
        client=athlete,
        starts_at=started,
        ends_at=started + timedelta(hours=1),
        status=Session.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    url = f"{log_url(day)}?session={cancelled.pk}"
    assert athlete_client.get(url).status_code == 404
    assert athlete_client.post(url, form_data(day)).status_code == 404
    assert not Workout.objects.exists()


@pytest.mark.parametrize(
    ("at", "of_the_day"),
    [(time(12), True), (time(0, 5), False)],
    ids=["noon", "just-after-midnight"],
)
def test_a_workout_of_the_day_of_a_started_session_marks_it_attended(
    athlete_client, athlete, day, at, of_the_day
):
    """Half an hour after it started: the same day at noon, yesterday's session
    just after midnight, which a workout of today does not take."""
    now = datetime.combine(timezone.localdate(), at, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        started = now - timedelta(minutes=30)
        session = SessionFactory(
            client=athlete, starts_at=started, ends_at=started + timedelta(hours=1)
        )
        athlete_client.post(log_url(day), form_data(day))
    session.refresh_from_db()
    workout = Workout.objects.get()
    if of_the_day:
        assert session.attendance == Session.Attendance.ATTENDED
        assert session.workout == workout
    else:
        assert session.attendance == ""
        assert workout.session is None


def test_the_trainer_logs_for_a_client_during_a_session(client, athlete, day):
    client.force_login(athlete.trainer)
    started = timezone.now() - timedelta(minutes=10)
    session = SessionFactory(
        client=athlete, starts_at=started, ends_at=started + timedelta(hours=1)
    )
    url = reverse(
        "training:client_day_log", kwargs={"client_pk": athlete.pk, "pk": day.pk}
    )
    response = client.post(f"{url}?session={session.pk}", form_data(day))
    workout = Workout.objects.get()
    assert response.url == reverse(
        "training:client_workout", kwargs={"client_pk": athlete.pk, "pk": workout.pk}
    )
    assert (workout.logged_by, workout.session) == (athlete.trainer, session)
    session.refresh_from_db()
    assert session.attendance == Session.Attendance.ATTENDED


def test_the_history_lists_workouts_and_flags_pain(athlete_client, athlete):
    WorkoutFactory(client=athlete, exercises=2)
    sore = WorkoutFactory(client=athlete, exercises=1)
    sore.exercises.update(pain=6, pain_where="lower back")
    page = athlete_client.get(reverse("training:my_workouts"))
    html = page.content.decode()
    assert len(page.context["page"].object_list) == 2
    assert "pain 6/10" in html
    detail = athlete_client.get(reverse("training:my_workout", args=[sore.pk]))
    assert "Pain: 6/10 (lower back)" in detail.content.decode()


def test_a_client_never_sees_another_clients_workout(athlete_client):
    theirs = WorkoutFactory(exercises=1)
    url = reverse("training:my_workout", args=[theirs.pk])
    assert athlete_client.get(url).status_code == 404
    mine = athlete_client.get(reverse("training:my_workouts"))
    assert list(mine.context["page"].object_list) == []


def test_the_client_page_shows_each_patterns_latest_result(client, athlete, day):
    athlete_client = client
    athlete_client.force_login(athlete.user)
    data = form_data(day, **{"e0-s2-load": "45", "e0-pain": "5", "e0-where": "knee"})
    athlete_client.post(log_url(day), data)
    client.force_login(athlete.trainer)
    page = client.get(athlete.get_absolute_url())
    rows = {pattern.value: result for pattern, _, result in page.context["result_rows"]}
    assert rows["hinge"].best.display == "8 @ 45 kg"
    assert rows["carry"].best.display == "20 m @ 24 kg"
    assert rows["push"] is None
    assert "5/10 knee" in page.content.decode()


def test_the_app_installs_and_its_worker_is_served_from_the_root(client):
    manifest = client.get(reverse("training:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert data["scope"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker["Content-Type"] == "application/javascript"
    assert worker["Cache-Control"] == "no-cache"
    assert "/static/vendor/workbox/" in worker.content.decode()
    assert client.get(reverse("training:offline")).status_code == 200
