"""One workout, three ways in: the log form posted without JavaScript, the phone's
offline outbox (which posts the same form and asks for JSON) and the API. Each goes
through ``workout_log``, so each keeps the same rules and answers with the same
message in the same place."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programming.models import Prescription
from training.models import Workout, WorkoutSet
from training.services import (
    IN_THE_FUTURE,
    LOAD_OUT_OF_RANGE,
    LOAD_TOO_PRECISE,
    NOTHING_DONE,
    OUT_OF_RANGE,
    SET_NEEDS_AMOUNT,
    TOO_LONG,
    measure_of,
)

pytestmark = pytest.mark.django_db

PATHS = ["form", "sync", "api"]


def _body(day, **changes) -> dict:
    """The workout as the API takes it: every set of the day done as prescribed."""
    body = {
        "uid": str(uuid.uuid4()),
        "day": day.pk,
        "performed_on": timezone.localdate().isoformat(),
        "notes": "",
        "exercises": [
            {
                "prescription": p.pk,
                "sets": [
                    {measure_of(p): getattr(p, measure_of(p)), "load": str(p.load)}
                    for _ in range(p.sets)
                ],
                "rpe": 7,
                "pain": 0,
                "pain_where": "",
                "note": "",
            }
            for p in day.prescriptions.order_by("position")
        ],
    }
    body.update(changes)
    return body


def _as_form(day, body: dict) -> dict:
    """The same workout as the log form posts it: each set sent is a set ticked."""
    data = {k: body[k] for k in ("uid", "performed_on", "notes")}
    for i, (p, exercise) in enumerate(
        zip(day.prescriptions.order_by("position"), body["exercises"], strict=True)
    ):
        for j, one in enumerate(exercise["sets"]):
            data[f"e{i}-s{j}-done"] = "on"
            data[f"e{i}-s{j}-amount"] = _text(one.get(measure_of(p)))
            data[f"e{i}-s{j}-load"] = _text(one.get("load"))
        data[f"e{i}-rpe"] = _text(exercise["rpe"])
        data[f"e{i}-pain"] = _text(exercise["pain"])
        data[f"e{i}-where"] = exercise["pain_where"]
        data[f"e{i}-note"] = exercise["note"]
    return data


def _text(value) -> str:
    return "" if value is None else str(value)


def _send(path: str, client, day, body: dict):
    """Send ``body`` along ``path``: the response and the messages by place, in
    the service's words (``notes``, ``exercises.0.note``, ``__all__``)."""
    athlete = day.program.client
    if path in {"api", "trainer-api"}:
        api = APIClient()
        if path == "api":
            api.force_authenticate(athlete.user)
            response = api.post(reverse("api:my_workout_list"), body, format="json")
        else:
            api.force_authenticate(athlete.trainer)
            body = {**body, "client": athlete.pk}
            response = api.post(reverse("api:workout_list"), body, format="json")
        errors = dict(_flat(response.json())) if response.status_code == 400 else {}
        return response, {
            ("__all__" if k == "non_field_errors" else k): v for k, v in errors.items()
        }
    if path == "trainer-form":
        client.force_login(athlete.trainer)
        url = reverse(
            "training:client_day_log", kwargs={"client_pk": athlete.pk, "pk": day.pk}
        )
    else:
        client.force_login(athlete.user)
        url = reverse("training:my_day_log", kwargs={"pk": day.pk})
    if path == "sync":
        response = client.post(url, _as_form(day, body), HTTP_ACCEPT="application/json")
        errors = response.json()["errors"] if response.status_code == 400 else {}
    else:
        response = client.post(url, _as_form(day, body))
        errors = response.context["form"].errors if response.status_code == 200 else {}
    return response, {_service_key(k): list(v) for k, v in errors.items()}


def _flat(node, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flat(value, f"{prefix}{key}.")
    elif node and all(isinstance(item, str) for item in node):
        yield prefix.rstrip("."), node
    else:
        for index, item in enumerate(node):
            yield from _flat(item, f"{prefix}{index}.")


def _service_key(field: str) -> str:
    """``e0-s1-amount`` as the service names it: ``exercises.0.sets.1.amount``."""
    if not field.startswith("e") or "-" not in field:
        return field
    parts = field.split("-")
    i = parts[0][1:]
    if len(parts) == 3:
        return f"exercises.{i}.sets.{parts[1][1:]}.{parts[2]}"
    return f"exercises.{i}.{ {'where': 'pain_where'}.get(parts[1], parts[1]) }"


def _amount(key: str) -> str:
    """The API names a set's amount by its measure; the form calls it amount."""
    for measure in ("reps", "seconds", "distance_m"):
        key = key.replace(f".{measure}", ".amount")
    return key


def _exercise(body: dict, i: int = 0, **changes) -> dict:
    exercises = [dict(e) for e in body["exercises"]]
    exercises[i].update(changes)
    return {"exercises": exercises}


def _first_set(body: dict, **changes) -> dict:
    exercises = [dict(e) for e in body["exercises"]]
    sets = [dict(s) for s in exercises[0]["sets"]]
    sets[0].update(changes)
    exercises[0]["sets"] = sets
    return {"exercises": exercises}


TOMORROW = timedelta(days=1)

# (name, how the workout differs from "all done as prescribed", where the refusal
# goes, what it says).
REFUSED = [
    ("note-too-long", lambda b: _exercise(b, note="x" * 501), "exercises.0.note",
     TOO_LONG.format(limit=500, length=501)),
    ("where-too-long", lambda b: _exercise(b, pain_where="x" * 101),
     "exercises.0.pain_where", TOO_LONG.format(limit=100, length=101)),
    ("notes-too-long", lambda b: {"notes": "x" * 2001}, "notes",
     TOO_LONG.format(limit=2000, length=2001)),
    ("rpe-above-10", lambda b: _exercise(b, rpe=11), "exercises.0.rpe",
     OUT_OF_RANGE.format(low=1, high=10)),
    ("rpe-0", lambda b: _exercise(b, rpe=0), "exercises.0.rpe",
     OUT_OF_RANGE.format(low=1, high=10)),
    ("pain-above-10", lambda b: _exercise(b, pain=11), "exercises.0.pain",
     OUT_OF_RANGE.format(low=0, high=10)),
    ("pain-below-0", lambda b: _exercise(b, pain=-1), "exercises.0.pain",
     OUT_OF_RANGE.format(low=0, high=10)),
    ("set-without-amount", lambda b: _first_set(b, reps=None),
     "exercises.0.sets.0.amount", SET_NEEDS_AMOUNT),
    ("reps-above-limit", lambda b: _first_set(b, reps=201),
     "exercises.0.sets.0.amount", OUT_OF_RANGE.format(low=0, high=200)),
    ("reps-below-0", lambda b: _first_set(b, reps=-1),
     "exercises.0.sets.0.amount", OUT_OF_RANGE.format(low=0, high=200)),
    ("load-too-heavy", lambda b: _first_set(b, load="1000.01"),
     "exercises.0.sets.0.load", LOAD_OUT_OF_RANGE.format(limit=1000, unit="kg")),
    ("load-below-0", lambda b: _first_set(b, load="-5"),
     "exercises.0.sets.0.load", LOAD_OUT_OF_RANGE.format(limit=1000, unit="kg")),
    ("load-finer-than-hundredths", lambda b: _first_set(b, load="40.125"),
     "exercises.0.sets.0.load", LOAD_TOO_PRECISE),
    ("in-the-future", lambda b: {
        "performed_on": (timezone.localdate() + TOMORROW).isoformat()
    }, "performed_on", IN_THE_FUTURE),
    ("nothing-done", lambda b: {
        "exercises": [{**e, "sets": []} for e in b["exercises"]]
    }, "__all__", NOTHING_DONE),
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("change", "where", "message"),
    [row[1:] for row in REFUSED],
    ids=[row[0] for row in REFUSED],
)
def test_every_path_refuses_the_same_workout_with_the_same_message(
    client, day, path, change, where, message
):
    body = _body(day)
    response, errors = _send(path, client, day, {**body, **change(body)})
    assert response.status_code in {200, 400}
    assert {_amount(k): v for k, v in errors.items()} == {where: [message]}
    assert not Workout.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_a_set_with_no_unit_is_in_the_prescriptions_unit_not_kg(client, day, path):
    Prescription.objects.filter(day=day).update(load_unit="lb")
    body = _body(day)
    response, errors = _send(path, client, day, body)
    assert not errors
    assert response.status_code in {201, 302}
    assert set(WorkoutSet.objects.values_list("load_unit", flat=True)) == {"lb"}


@pytest.mark.parametrize("path", PATHS)
def test_a_load_of_0_is_kept_as_no_load(client, day, path):
    body = _body(day)
    _, errors = _send(path, client, day, {**body, **_first_set(body, load="0")})
    assert not errors
    first = WorkoutSet.objects.order_by("exercise__position", "position").first()
    assert first.load is None
    assert first.display == "8"


@pytest.mark.parametrize("path", PATHS)
def test_a_note_is_measured_without_the_spaces_around_it(client, day, path):
    body = _body(day)
    note = "  " + "x" * 500 + "  "
    _, errors = _send(path, client, day, {**body, **_exercise(body, note=note)})
    assert not errors
    assert Workout.objects.get().exercises.get(position=1).note == "x" * 500


@pytest.mark.parametrize("path", PATHS)
def test_the_same_uid_sent_twice_is_one_workout(client, day, path):
    body = _body(day)
    first, _ = _send(path, client, day, body)
    again, _ = _send(path, client, day, body)
    assert Workout.objects.count() == 1
    assert WorkoutSet.objects.count() == 5
    if path == "form":
        assert (first.status_code, again.status_code) == (302, 302)
    else:
        assert (first.status_code, again.status_code) == (201, 200)


def test_the_three_paths_store_the_same_workout(client, day):
    """What is stored does not depend on the way in."""
    stored = []
    for path in PATHS:
        body = _body(day)
        body = {**body, **_exercise(body, pain=3, pain_where=" knee ", note=" ok ")}
        _send(path, client, day, body)
        workout = Workout.objects.latest("pk")
        stored.append(
            [
                (
                    e.variation_id,
                    e.rpe,
                    e.pain,
                    e.pain_where,
                    e.note,
                    [(s.reps, s.distance_m, s.load, s.load_unit) for s in e.sets.all()],
                )
                for e in workout.exercises.order_by("position")
            ]
        )
    assert stored[0] == stored[1] == stored[2]
    assert stored[0][0][3:5] == ("knee", "ok")
    assert stored[0][0][5][0] == (8, None, Decimal(40), "kg")


@pytest.mark.parametrize(("first", "then"), [("sync", "api"), ("api", "form")])
def test_one_uid_is_one_workout_whichever_way_it_comes_again(client, day, first, then):
    """A phone that sent a workout by its outbox and again through the API (or the
    other way round) stores it once."""
    body = _body(day)
    _send(first, client, day, body)
    again, errors = _send(then, client, day, body)
    assert not errors
    assert again.status_code in {200, 302}
    assert Workout.objects.count() == 1


def test_exercises_are_kept_in_the_days_order_whatever_order_they_come_in(client, day):
    body = _body(day)
    _send("api", client, day, {**body, "exercises": body["exercises"][::-1]})
    stored = Workout.objects.get().exercises.order_by("position")
    assert [e.prescription for e in stored] == list(
        day.prescriptions.order_by("position")
    )


@pytest.mark.parametrize("path", ["trainer-form", "trainer-api"])
def test_the_trainer_logging_for_a_client_keeps_the_same_rules(client, day, path):
    Prescription.objects.filter(day=day).update(load_unit="lb")
    body = _body(day)
    _, errors = _send(path, client, day, {**body, **_exercise(body, note="x" * 501)})
    assert errors == {"exercises.0.note": [TOO_LONG.format(limit=500, length=501)]}
    _, errors = _send(path, client, day, body)
    assert not errors
    assert Workout.objects.get().logged_by == day.program.client.trainer
    assert set(WorkoutSet.objects.values_list("load_unit", flat=True)) == {"lb"}
