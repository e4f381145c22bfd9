"""The API: the same rules as the pages, through the same selectors and services."""

import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from api.services import api_token_reset
from programming.models import AssignmentChange, Program, Variation
from programming.services import assignment_set
from programming.services.assignments import AT_BOTTOM
from tests.factories import (
    ClientFactory,
    ProgramFactory,
    SessionFactory,
    TrainerFactory,
    WorkoutFactory,
)
from training.models import Workout
from training.services import (
    EXERCISE_TWICE,
    MORE_SETS_THAN_PRESCRIBED,
    NOT_THIS_DAY,
    OTHER_MEASURE,
    OTHER_UNIT,
)


def _workout(day, *, uid=None, **changes) -> dict:
    prescriptions = list(day.prescriptions.order_by("position"))
    body = {
        "uid": str(uid or uuid.uuid4()),
        "day": day.pk,
        "performed_on": timezone.localdate().isoformat(),
        "notes": "Felt strong",
        "exercises": [
            {
                "prescription": prescriptions[0].pk,
                "sets": [{"reps": 8, "load": "40"}, {"reps": 8, "load": "42.5"}],
                "rpe": 7,
                "pain": 0,
            },
            {"prescription": prescriptions[1].pk, "sets": [{"seconds": 30}]},
        ],
    }
    body.update(changes)
    return body


def test_a_key_authenticates_and_a_replaced_key_no_longer_does(api, coach, athlete):
    old = api_token_reset(user=coach).key
    new = api_token_reset(user=coach).key
    url = reverse("api:client_list")
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api.get(url).json()["results"][0]["id"] == athlete.pk
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    response = api.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_key_page_makes_replaces_and_turns_off_a_key(client, coach):
    client.force_login(coach)
    url = reverse("api:token")
    client.post(url)
    key = client.get(url).context["token"].key
    client.post(url)
    assert client.get(url).context["token"].key != key
    client.post(url, {"action": "revoke"})
    assert client.get(url).context["token"] is None


def test_the_client_list_is_the_trainers_own_and_paginated(api, coach, athlete):
    ClientFactory(trainer=TrainerFactory())
    api.force_authenticate(coach)
    body = api.get(reverse("api:client_list")).json()
    assert body["count"] == 1
    assert [c["id"] for c in body["results"]] == [athlete.pk]
    assert {"next", "previous"} <= set(body)


def test_progress_and_regress_go_through_the_assignment_services(api, coach, athlete):
    variation = Variation.objects.get(
        owner=None, pattern="hinge", rungs__position=1, rungs__ladder__owner=None
    )
    assignment_set(client=athlete, variation=variation, changed_by=coach)
    api.force_authenticate(coach)
    kwargs = {"client_pk": athlete.pk, "pattern": "hinge"}

    refused = api.post(reverse("api:assignment_regress", kwargs=kwargs))
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == [
        AT_BOTTOM.format(variation=variation.name, ladder="Hip hinge")
    ]

    moved = api.post(
        reverse("api:assignment_progress", kwargs=kwargs), {"reason": "Earned it"}
    )
    assert moved.status_code == 200
    assert moved.json()["rung"] == 2
    change = AssignmentChange.objects.latest("pk")
    assert (change.kind, change.reason, change.changed_by) == (
        "progress",
        "Earned it",
        coach,
    )
    listed = api.get(reverse("api:assignment_list", kwargs={"client_pk": athlete.pk}))
    assert [(a["pattern"], a["rung"]) for a in listed.json()] == [("hinge", 2)]


def test_an_unassigned_pattern_or_an_unknown_one_is_a_404(api, coach, athlete):
    api.force_authenticate(coach)
    for pattern in ["squat", "jumping"]:
        url = reverse(
            "api:assignment_detail",
            kwargs={"client_pk": athlete.pk, "pattern": pattern},
        )
        assert api.get(url).status_code == 404


def test_the_phone_logs_a_workout_once_however_often_it_sends_it(api, athlete, day):
    api.force_authenticate(athlete.user)
    url = reverse("api:my_workout_list")
    body = _workout(day)
    first = api.post(url, body, format="json")
    again = api.post(url, body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    stored = Workout.objects.get()
    assert (stored.client, stored.logged_by, stored.notes) == (
        athlete,
        athlete.user,
        "Felt strong",
    )
    assert [e["sets"][0] for e in first.json()["exercises"]][1]["seconds"] == 30
    listed = api.get(url).json()
    assert [w["uid"] for w in listed["results"]] == [body["uid"]]


def test_a_key_logs_the_day_on_the_client_s_own_clock(api, athlete, day):
    """Far east of UTC, the client's morning is still yesterday in UTC: with their
    API key, today is theirs, as on the pages."""
    athlete.user.time_zone = "Pacific/Auckland"
    athlete.user.save(update_fields=["time_zone"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_reset(user=athlete.user)}")
    Program.objects.filter(pk=day.program_id).update(
        created_at=datetime(2027, 1, 1, tzinfo=UTC)
    )
    # 09:00 on 11 January in Auckland, 20:00 on 10 January in UTC.
    with time_machine.travel(datetime(2027, 1, 10, 20, tzinfo=UTC), tick=False):
        body = _workout(day) | {"performed_on": "2027-01-11"}
        response = api.post(reverse("api:my_workout_list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert Workout.objects.get().performed_on == date(2027, 1, 11)


def _first(body: dict, **changes) -> dict:
    """``body`` with its first exercise changed."""
    exercises = [dict(e) for e in body["exercises"]]
    exercises[0].update(changes)
    return {"exercises": exercises}


# What only the API can say (the log form offers the day's exercises, their
# prescribed sets, measure and unit, and nothing else): refused by the same
# service, each named where it applies.
API_ONLY = [
    (
        "not-this-day",
        lambda b, day: _first(b, prescription=0),
        {"exercises": {"0": {"prescription": [NOT_THIS_DAY]}}},
    ),
    (
        "twice",
        lambda b, day: {"exercises": [b["exercises"][0], b["exercises"][0]]},
        {"exercises": {"1": {"prescription": [EXERCISE_TWICE]}}},
    ),
    (
        "more-sets-than-prescribed",
        lambda b, day: _first(b, sets=[{"reps": 8}] * 4),
        {"exercises": {"0": {"sets": [MORE_SETS_THAN_PRESCRIBED]}}},
    ),
    (
        "another-unit",
        lambda b, day: _first(b, sets=[{"reps": 8, "load": "40", "load_unit": "lb"}]),
        {"exercises": {"0": {"sets": {"0": {"load_unit": [OTHER_UNIT]}}}}},
    ),
    (
        "another-measure",
        lambda b, day: _first(b, sets=[{"reps": 8, "seconds": 30}]),
        {"exercises": {"0": {"sets": {"0": {"seconds": [OTHER_MEASURE]}}}}},
    ),
]


@pytest.mark.parametrize(
    ("change", "errors"), [r[1:] for r in API_ONLY], ids=[r[0] for r in API_ONLY]
)
def test_a_workout_the_rules_refuse_is_a_400_and_stores_nothing(
    api, athlete, day, change, errors
):
    api.force_authenticate(athlete.user)
    body = _workout(day)
    response = api.post(
        reverse("api:my_workout_list"), {**body, **change(body, day)}, format="json"
    )
    assert response.status_code == 400
    first = day.prescriptions.get(position=1)
    words = {
        "day": day.name,
        "variation": first.variation.name,
        "sets": first.sets,
        "s": "" if first.sets == 1 else "s",
        "unit": "kg",
        "measure": "reps",
    }
    assert response.json() == _filled(errors, words)
    assert not Workout.objects.exists()


def _filled(node, words: dict):
    if isinstance(node, dict):
        return {k: _filled(v, words) for k, v in node.items()}
    if isinstance(node, list):
        return [_filled(v, words) for v in node]
    return node.format(**words)


def test_another_clients_day_is_a_404(api, athlete, day):
    other = ClientFactory(trainer=athlete.trainer)
    other_day = ProgramFactory(client=other, is_active=True).days.create(
        position=1, name="Day A"
    )
    api.force_authenticate(athlete.user)
    body = {**_workout(day), "day": other_day.pk}
    response = api.post(reverse("api:my_workout_list"), body, format="json")
    assert response.status_code == 404


def test_the_trainer_logs_a_workout_for_their_client_and_not_for_anothers(
    api, coach, athlete, day
):
    api.force_authenticate(coach)
    url = reverse("api:workout_list")
    response = api.post(url, {**_workout(day), "client": athlete.pk}, format="json")
    assert response.status_code == 201
    assert Workout.objects.get().logged_by == coach

    api.force_authenticate(TrainerFactory())
    response = api.post(url, {**_workout(day), "client": athlete.pk}, format="json")
    assert response.status_code == 404


def test_sessions_and_workouts_filter_by_client(api, coach, athlete):
    other = ClientFactory(trainer=coach)
    SessionFactory(client=athlete)
    SessionFactory(client=other)
    WorkoutFactory(client=other)
    api.force_authenticate(coach)
    sessions = api.get(reverse("api:session_list"), {"client": athlete.pk}).json()
    assert [s["client"] for s in sessions["results"]] == [athlete.pk]
    workouts = api.get(reverse("api:workout_list"), {"client": athlete.pk}).json()
    assert workouts["count"] == 0


def test_a_program_shows_its_days_and_exercises(api, coach, athlete, day):
    api.force_authenticate(coach)
    body = api.get(reverse("api:program_detail", kwargs={"pk": day.program_id})).json()
    assert [d["name"] for d in body["days"]] == [day.name]
    assert len(body["days"][0]["prescriptions"]) == 2
    listed = api.get(reverse("api:program_list")).json()
    assert [p["id"] for p in listed["results"]] == [day.program_id]


def test_calls_beyond_the_rate_are_refused(api, coach, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "2/m", "anon": "2/m"},
    }
    api.force_authenticate(coach)
    url = reverse("api:client_list")
    statuses = [api.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_reason_too_long_for_the_history_is_refused_by_the_service(
    api, coach, athlete
):
    variation = Variation.objects.get(
        owner=None, pattern="hinge", rungs__position=1, rungs__ladder__owner=None
    )
    assignment_set(client=athlete, variation=variation, changed_by=coach)
    api.force_authenticate(coach)
    url = reverse(
        "api:assignment_progress", kwargs={"client_pk": athlete.pk, "pattern": "hinge"}
    )
    refused = api.post(url, {"reason": "x" * 501})
    assert refused.status_code == 400
    assert refused.json() == {
        "reason": ["Ensure this value has at most 500 characters (it has 501)."]
    }
    assert not AssignmentChange.objects.filter(kind="progress").exists()
    assert api.post(url, {"reason": " " + "x" * 500 + " "}).status_code == 200
