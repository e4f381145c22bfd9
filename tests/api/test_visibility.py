"""Nobody reads through the API a row that is not theirs: every route of the API,
taken from its URL patterns (so a new one is tried the day it is added), lists and
details alike, called anonymously, by another trainer, by another trainer's client
and by another client of the same trainer.

A list shows only the caller's own rows (and its owner sees all of theirs, so the
test would notice a list that shows nothing); a detail or an action on another's
row is a 401, 403 or 404 and changes nothing. A route this file does not know how
to fill fails the test: say below how to name its rows."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.access import Access
from api.urls import urlpatterns
from programming.models import Assignment, AssignmentChange, Program, Variation
from programming.services import assignment_set
from scheduling.models import Session
from tests.factories import (
    ClientWithLoginFactory,
    PrescriptionFactory,
    SessionFactory,
    WorkoutFactory,
)
from training.models import Workout


@dataclass(frozen=True)
class Rows:
    """What a route reads: how to name B's row in its URL, which rows of some
    clients it may show, and what to send it."""

    kwargs: Callable[["Data"], dict] = lambda d: {}
    of: Callable[[list], set[int]] | None = None  # the ids of these clients' rows
    body: Callable[["Data"], dict] = lambda d: {}


def _clients(clients) -> set[int]:
    return {c.pk for c in clients}


def _assignments(clients) -> set[int]:
    return set(
        Assignment.objects.current()
        .filter(client__in=clients)
        .values_list("pk", flat=True)
    )


def _programs(clients) -> set[int]:
    return set(Program.objects.filter(client__in=clients).values_list("pk", flat=True))


def _sessions(clients) -> set[int]:
    return set(Session.objects.filter(client__in=clients).values_list("pk", flat=True))


def _workouts(clients) -> set[int]:
    return set(Workout.objects.filter(client__in=clients).values_list("pk", flat=True))


def _workout_body(d: "Data") -> dict:
    return {
        "uid": str(uuid.uuid4()),
        "client": d.client_b.pk,
        "day": d.day_b.pk,
        "performed_on": timezone.localdate().isoformat(),
        "exercises": [
            {"prescription": d.prescription_b.pk, "sets": [{"reps": 8}]},
        ],
    }


def _hinge_b(d: "Data") -> dict:
    return {"client_pk": d.client_b.pk, "pattern": "hinge"}


# Every API route that reads or writes rows, by name.
ROWS: dict[str, Rows] = {
    "api:client_list": Rows(of=_clients),
    "api:client_detail": Rows(kwargs=lambda d: {"pk": d.client_b.pk}),
    "api:assignment_list": Rows(
        kwargs=lambda d: {"client_pk": d.client_b.pk}, of=_assignments
    ),
    "api:assignment_detail": Rows(kwargs=_hinge_b),
    "api:assignment_progress": Rows(kwargs=_hinge_b, body=lambda d: {"reason": "x"}),
    "api:assignment_regress": Rows(kwargs=_hinge_b, body=lambda d: {"reason": "x"}),
    "api:program_list": Rows(of=_programs),
    "api:program_detail": Rows(kwargs=lambda d: {"pk": d.program_b.pk}),
    "api:session_list": Rows(of=_sessions),
    "api:session_detail": Rows(kwargs=lambda d: {"pk": d.session_b.pk}),
    "api:workout_list": Rows(of=_workouts, body=_workout_body),
    "api:workout_detail": Rows(kwargs=lambda d: {"pk": d.workout_b.pk}),
    "api:my_workout_list": Rows(of=_workouts, body=_workout_body),
    "api:my_workout_detail": Rows(kwargs=lambda d: {"pk": d.workout_b.pk}),
}
# Routes that show no one's rows, and why.
NO_ROWS = {
    "api:schema": "the description of the API",
    "api:docs": "the pages that show the description",
    "api:token": "the caller's own key, a page for people",
}


@dataclass(frozen=True)
class Route:
    name: str
    view: Callable
    rows: Rows = field(default_factory=Rows)

    @property
    def methods(self) -> list[str]:
        """The methods it answers (DRF answers HEAD as GET)."""
        return [m for m in list(self.view.actions) if m != "head"]

    @property
    def is_list(self) -> bool:
        return self.view.actions.get("get") == "list"

    def __str__(self) -> str:
        return self.name


def api_routes() -> list[URLPattern]:
    return [entry for entry in urlpatterns if isinstance(entry, URLPattern)]


def test_every_api_route_is_known_here():
    names = {f"api:{entry.name}" for entry in api_routes()}
    unknown = names - set(ROWS) - set(NO_ROWS)
    assert not unknown, f"say in ROWS how to fill these routes: {sorted(unknown)}"
    assert not (set(ROWS) | set(NO_ROWS)) - names, "ROWS names a route that is gone"
    assert len(api_routes()) == len(urlpatterns), "an include() the test cannot walk"


ROUTES = [
    Route(f"api:{e.name}", e.callback, ROWS[f"api:{e.name}"])
    for e in api_routes()
    if f"api:{e.name}" in ROWS
]


@dataclass
class Data:
    """Two trainers. Trainer B has clients B and B2, trainer A has client A; each
    client has an assignment, an active program with a day, a session and a
    workout."""

    trainer_a: object
    trainer_b: object
    client_a: object
    client_b: object
    client_b2: object
    day_b: object = None
    prescription_b: object = None
    program_b: object = None
    session_b: object = None
    workout_b: object = None


def _give_rows(client) -> dict:
    hinge = Variation.objects.filter(owner=None, pattern="hinge").first()
    assignment_set(client=client, variation=hinge, changed_by=None)
    prescription = PrescriptionFactory(
        day__program__client=client, day__program__is_active=True
    )
    return {
        "day": prescription.day,
        "prescription": prescription,
        "program": prescription.day.program,
        "session": SessionFactory(client=client),
        "workout": WorkoutFactory(client=client, exercises=1),
    }


@pytest.fixture
def data(world) -> Data:
    return make_data(world)


def make_data(world) -> Data:
    """The rows of ``Data``, for the world's two trainers and clients."""
    client_b2 = ClientWithLoginFactory(trainer=world.trainer_b)
    for client in (world.client_a, client_b2):
        _give_rows(client)
    b = _give_rows(world.client_b)
    return Data(
        trainer_a=world.trainer_a,
        trainer_b=world.trainer_b,
        client_a=world.client_a,
        client_b=world.client_b,
        client_b2=client_b2,
        day_b=b["day"],
        prescription_b=b["prescription"],
        program_b=b["program"],
        session_b=b["session"],
        workout_b=b["workout"],
    )


def _ids(response) -> set[int]:
    body = response.json()
    items = body if isinstance(body, list) else body["results"]
    return {item["id"] for item in items}


def _state(d: Data) -> tuple:
    """What a refused write must leave as it was."""
    return (
        _workouts([d.client_b, d.client_b2]),
        AssignmentChange.objects.filter(assignment__client=d.client_b).count(),
    )


def _callers(d: Data, access: Access) -> list[tuple[str, object, list]]:
    """Who must not see B's rows, and which clients' rows are theirs on a list of
    this route."""
    own_client = [d.client_b2] if access is Access.CLIENT else []
    return [
        ("another trainer", d.trainer_a, [d.client_a]),
        ("another trainer's client", d.client_a.user, [d.client_a]),
        ("another client of B's trainer", d.client_b2.user, own_client),
    ]


def _owner(d: Data, access: Access):
    if access is Access.CLIENT:
        return d.client_b.user, [d.client_b]
    return d.trainer_b, [d.client_b, d.client_b2]


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_one_but_the_owner_reads_or_changes_a_row_through_the_api(route, data):
    access = route.view.access
    url = reverse(route.name, kwargs=route.rows.kwargs(data))
    api = APIClient()
    before = _state(data)

    for method in route.methods:
        response = getattr(api, method)(url, route.rows.body(data), format="json")
        assert response.status_code == 401, f"anonymous {method} {url}"

    for who, user, theirs in _callers(data, access):
        api.force_authenticate(user)
        for method in route.methods:
            response = getattr(api, method)(url, route.rows.body(data), format="json")
            if route.is_list and method == "get" and response.status_code == 200:
                seen = _ids(response) | _ids(api.get(url, {"client": data.client_b.pk}))
                foreign = seen - route.rows.of(theirs)
                assert not foreign, f"{who} saw rows not theirs at {url}: {foreign}"
            else:
                assert response.status_code in {403, 404}, (
                    f"{who} {method} {url}: {response.status_code}"
                )
    assert _state(data) == before, f"a refused caller changed something at {url}"

    owner, theirs = _owner(data, access)
    if "client_pk" in route.rows.kwargs(data):
        theirs = [data.client_b]  # a list of one client's rows
    api.force_authenticate(owner)
    response = api.get(url)
    assert response.status_code in {200, 405}
    if route.is_list:
        assert route.rows.of(theirs) <= _ids(response), (
            f"the owner misses rows at {url}"
        )
