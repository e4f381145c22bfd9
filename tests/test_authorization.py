"""The authorization matrix: every route of the project, classified and tried by every
kind of user.

A new route must be wrapped in one of the decorators of ``accounts.access``,
and a route with parameters must say in ``ROUTE_KWARGS`` how to name an object that
belongs to trainer B (or client B). The tests then prove, for every route, that an
anonymous visitor is sent to log in, that the wrong role is refused, and that trainer A
(or client A) gets a 404 for B's objects while B can open them.

What a list shows is tried for the API in ``tests/api/test_visibility.py``, which walks
every API route and proves that no list carries another's rows.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.access import Access, access_of
from brand.models import Brand
from brand.services import brand_save
from clients.services import client_reassign
from exchange.models import ClientImport, Export
from exchange.services.exports import export_path
from letters.tokens import client_unsubscribe_url
from newsletter.tokens import confirm_token, unsubscribe_token
from programming.models import Variation
from programming.services import assignment_set
from scheduling.services import calendar_feed_reset
from tests.brand.images import PNG
from tests.factories import (
    AssessmentFactory,
    BookingFactory,
    CheckoutFactory,
    ConsultationFactory,
    ImageFactory,
    IssueFactory,
    LadderFactory,
    PostFactory,
    PrescriptionFactory,
    ProgramFactory,
    ProtocolFactory,
    PublishedPostFactory,
    ScreeningFactory,
    ScreenTestFactory,
    SeriesFactory,
    SessionFactory,
    SessionTypeFactory,
    SignatureFactory,
    SubscriberFactory,
    SuggestionFactory,
    TimeOffFactory,
    TrainingDayFactory,
    VariationFactory,
    WeeklyHoursFactory,
    WorkoutFactory,
)

# How to fill each parametrized route: objects owned by trainer B or client B.
ROUTE_KWARGS: dict[str, Callable] = {
    "programming:pattern": lambda w: {"pattern": "hinge"},
    "brand_image": lambda w: {"kind": _brand_logo()},
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "dashboard:client_detail": lambda w: {"pk": w.client_b.pk},
    "clients:client_edit": lambda w: {"pk": w.client_b.pk},
    "clients:client_invite": lambda w: {"pk": w.client_b.pk},
    "clients:client_archive": lambda w: {"pk": w.client_b.pk},
    "clients:client_tags": lambda w: {"pk": w.client_b.pk},
    "programming:variation_detail": lambda w: {"pk": _variation_b(w)},
    "programming:variation_edit": lambda w: {"pk": _variation_b(w)},
    "programming:variation_copy": lambda w: {"pk": _variation_b(w)},
    "programming:variation_delete": lambda w: {"pk": _variation_b(w)},
    "programming:ladder_detail": lambda w: {"pk": _ladder_b(w)},
    "programming:ladder_edit": lambda w: {"pk": _ladder_b(w)},
    "programming:ladder_copy": lambda w: {"pk": _ladder_b(w)},
    "programming:ladder_default": lambda w: {"pk": _ladder_b(w)},
    "programming:ladder_use_builtin": lambda w: {"pk": _ladder_b(w)},
    "programming:ladder_delete": lambda w: {"pk": _ladder_b(w)},
    "programming:rung_add": lambda w: {"pk": _ladder_b(w)},
    "programming:rung_move": lambda w: {"pk": _ladder_b(w), "position": 1},
    "programming:rung_remove": lambda w: {"pk": _ladder_b(w), "position": 1},
    "programming:assignment_edit": lambda w: _pattern_b(w),
    "programming:assignment_progress": lambda w: _pattern_b(w),
    "programming:assignment_regress": lambda w: _pattern_b(w),
    "programming:program_new": lambda w: {"client_pk": w.client_b.pk},
    "programming:program_detail": lambda w: {"pk": _program_b(w)},
    "programming:program_edit": lambda w: {"pk": _program_b(w)},
    "programming:program_activate": lambda w: {"pk": _program_b(w)},
    "programming:program_copy": lambda w: {"pk": _program_b(w)},
    "programming:program_delete": lambda w: {"pk": _program_b(w)},
    "programming:day_new": lambda w: {"pk": _program_b(w)},
    "programming:day_edit": lambda w: {"pk": _day_b(w)},
    "programming:day_move": lambda w: {"pk": _day_b(w)},
    "programming:day_delete": lambda w: {"pk": _day_b(w)},
    "programming:prescription_new": lambda w: {"pk": _day_b(w)},
    "programming:prescription_add_many": lambda w: {"pk": _day_b(w)},
    "programming:prescription_reorder": lambda w: {"pk": _day_b(w)},
    "programming:prescription_superset": lambda w: {"pk": _prescription_b(w)},
    "programming:prescription_edit": lambda w: {"pk": _prescription_b(w)},
    "programming:prescription_move": lambda w: {"pk": _prescription_b(w)},
    "programming:prescription_delete": lambda w: {"pk": _prescription_b(w)},
    "clients:consultation_detail": lambda w: {
        "pk": ConsultationFactory(trainer=w.trainer_b).pk
    },
    # Public: a real link, as the email carries it.
    "newsletter:confirm": lambda w: {
        "token": confirm_token(subscriber=SubscriberFactory())
    },
    "newsletter:unsubscribe": lambda w: {
        "token": unsubscribe_token(subscriber=SubscriberFactory())
    },
    "scheduling:session_detail": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "scheduling:session_edit": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "scheduling:session_cancel": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "scheduling:session_attendance": lambda w: {
        "pk": SessionFactory(client=w.client_b).pk
    },
    "scheduling:client_reminders": lambda w: {"pk": w.client_b.pk},
    "scheduling:calendar_feed": lambda w: {
        "token": calendar_feed_reset(user=w.trainer_b).token
    },
    "training:my_day_log": lambda w: {"pk": _active_day_b(w)},
    "training:my_workout": lambda w: {"pk": WorkoutFactory(client=w.client_b).pk},
    "training:client_day_log": lambda w: {
        "client_pk": w.client_b.pk,
        "pk": _active_day_b(w),
    },
    "training:client_workouts": lambda w: {"client_pk": w.client_b.pk},
    "training:suggestion_accept": lambda w: {
        "pk": SuggestionFactory(client=w.client_b).pk
    },
    "training:suggestion_dismiss": lambda w: {
        "pk": SuggestionFactory(client=w.client_b).pk
    },
    "training:client_workout": lambda w: {
        "client_pk": w.client_b.pk,
        "pk": WorkoutFactory(client=w.client_b).pk,
    },
    "assessments:assessment_list": lambda w: {"client_pk": w.client_b.pk},
    "assessments:assessment_new": lambda w: {"client_pk": w.client_b.pk},
    "assessments:assessment_compare": lambda w: {"client_pk": w.client_b.pk},
    "assessments:assessment_detail": lambda w: {"pk": _assessment_b(w)},
    "assessments:assessment_record": lambda w: {"pk": _assessment_b(w)},
    "assessments:assessment_accept": lambda w: {"pk": _assessment_b(w)},
    "assessments:assessment_delete": lambda w: {"pk": _assessment_b(w)},
    "assessments:protocol_detail": lambda w: {"pk": _protocol_b(w)},
    "assessments:protocol_edit": lambda w: {"pk": _protocol_b(w)},
    "assessments:protocol_delete": lambda w: {"pk": _protocol_b(w)},
    "assessments:screentest_edit": lambda w: {"pk": _screentest_b(w)},
    "assessments:screentest_delete": lambda w: {"pk": _screentest_b(w)},
    "letters:issue_detail": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_from_post": lambda w: {"post_pk": PublishedPostFactory().pk},
    "letters:issue_edit": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_counts": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_preview": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_test": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_send": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_schedule": lambda w: {"pk": IssueFactory().pk},
    "letters:issue_unschedule": lambda w: {"pk": IssueFactory().pk},
    "letters:client_unsubscribe": lambda w: {
        "token": client_unsubscribe_url(client_id=w.client_b.pk).split("/")[-2]
    },
    "exchange:client_export": lambda w: {"client_pk": w.client_b.pk},
    "exchange:export_download": lambda w: {"pk": _export_b(w)},
    "exchange:import_detail": lambda w: {"pk": _import_b(w)},
    "exchange:import_apply": lambda w: {"pk": _import_b(w)},
    "exchange:import_invite": lambda w: {"pk": _import_b(w)},
    "booking:availability_hours_delete": lambda w: {
        "pk": WeeklyHoursFactory(trainer=w.trainer_b).pk
    },
    "booking:availability_time_off_delete": lambda w: {
        "pk": TimeOffFactory(trainer=w.trainer_b).pk
    },
    "booking:availability_type_edit": lambda w: {
        "pk": SessionTypeFactory(trainer=w.trainer_b).pk
    },
    "booking:session_waive": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "booking:my_session_move": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "booking:my_session_cancel": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "packages:client_credits": lambda w: {"pk": w.client_b.pk},
    "packages:client_payment": lambda w: {"pk": w.client_b.pk},
    "packages:client_adjust": lambda w: {"pk": w.client_b.pk},
    # Public: the secret link of the visitor's email.
    "booking:booking_detail": lambda w: {"token": BookingFactory().token},
    "booking:booking_confirm": lambda w: {"token": BookingFactory().token},
    "booking:booking_move": lambda w: {"token": BookingFactory().token},
    "booking:booking_cancel": lambda w: {"token": BookingFactory().token},
    "messaging:client_thread": lambda w: {"client_pk": w.client_b.pk},
    "messaging:client_thread_poll": lambda w: {"client_pk": w.client_b.pk},
    "messaging:client_form_check": lambda w: {"client_pk": w.client_b.pk},
    # Any signed-in person: the message is trainer B's own, as USER routes are
    # opened by trainer B; who else may reach it is tried in tests/messaging.
    "messaging:message_delete": lambda w: {"pk": _message_b(w)},
    "messaging:attachment": lambda w: {"pk": _message_b(w, photo=True)},
    "api:client_detail": lambda w: {"pk": w.client_b.pk},
    "api:assignment_list": lambda w: {"client_pk": w.client_b.pk},
    "api:assignment_detail": lambda w: _assigned_b(w),
    "api:assignment_progress": lambda w: _assigned_b(w),
    "api:assignment_regress": lambda w: _assigned_b(w),
    "api:program_detail": lambda w: {"pk": _program_b(w)},
    "api:session_detail": lambda w: {"pk": SessionFactory(client=w.client_b).pk},
    "api:workout_detail": lambda w: {"pk": WorkoutFactory(client=w.client_b).pk},
    "api:my_workout_detail": lambda w: {"pk": WorkoutFactory(client=w.client_b).pk},
    "screening:my_signature": lambda w: {"pk": SignatureFactory(client=w.client_b).pk},
    "screening:signature": lambda w: {"pk": SignatureFactory(client=w.client_b).pk},
    "screening:client_screening": lambda w: {"client_pk": w.client_b.pk},
    "screening:clearance_record": lambda w: {"client_pk": w.client_b.pk},
    "screening:clearance_document": lambda w: _clearance_b(w),
    "screening:override_record": lambda w: {"client_pk": w.client_b.pk},
    "screening:override_end": lambda w: {"client_pk": w.client_b.pk},
    # The blog: visitors read what is published; writers edit their own posts.
    "blog:post_detail": lambda w: {"slug": PublishedPostFactory().slug},
    "blog:series_detail": lambda w: {
        "slug": PublishedPostFactory(series=SeriesFactory(), series_part=1).series.slug
    },
    "blog:pattern": lambda w: {"pattern": "hinge"},
    "blog:image": lambda w: {"name": ImageFactory().name},
    "blog:post_edit": lambda w: {"pk": _post_b(w)},
    "blog:post_preview": lambda w: {"pk": _post_b(w)},
    "blog:image_add": lambda w: {"pk": _post_b(w)},
    "blog:post_publish": lambda w: {"pk": _post_b(w)},
    "blog:post_schedule": lambda w: {"pk": _post_b(w)},
    "blog:post_unpublish": lambda w: {"pk": _post_b(w)},
}


# Routes that name their object in the query rather than the path: how to name one of
# client B's (or trainer B's). Client A gets a 404 for it; B is let through.
QUERY_KWARGS: dict[str, Callable] = {
    # Where Stripe sends a client back: their own Checkout only.
    "packages:my_checkout_done": lambda w: {
        "session_id": CheckoutFactory(client=w.client_b).stripe_id
    },
}


@pytest.mark.parametrize("name", sorted(QUERY_KWARGS))
def test_an_object_named_in_the_query_is_its_owners_alone(name, client, world):
    query = QUERY_KWARGS[name](world)
    url = reverse(name)
    _login(client, world.client_a.user)
    assert client.get(url, query).status_code == 404
    _login(client, world.client_b.user)
    response = client.get(url, query)
    assert response.status_code in {200, 302}
    assert not _is_login_redirect(response)


# Public routes that report the site's state, and so may answer 503 (the test world
# has no worker): they reveal states and ages, nothing of anyone.
STATE_REPORTS = {"health"}


# Routes whose object is the trainer's own (their library, their consultations), not
# a client's: they stay with the trainer when a client moves to another.
TRAINER_OWN = (
    "variation_",
    "ladder_",
    "rung_",
    "protocol_",
    "screentest_",
    "consultation_",
    "availability_",
)


def _variation_b(w) -> int:
    return VariationFactory(owner=w.trainer_b).pk


def _ladder_b(w) -> int:
    return LadderFactory(owner=w.trainer_b, rungs=2).pk


def _pattern_b(w) -> dict:
    return {"client_pk": w.client_b.pk, "pattern": "hinge"}


def _program_b(w) -> int:
    return ProgramFactory(client=w.client_b).pk


def _day_b(w) -> int:
    return TrainingDayFactory(program__client=w.client_b).pk


def _active_day_b(w) -> int:
    """A day of client B's active program, with one exercise."""
    return PrescriptionFactory(
        day__program__client=w.client_b, day__program__is_active=True
    ).day_id


def _prescription_b(w) -> int:
    return PrescriptionFactory(day__program__client=w.client_b).pk


def _assessment_b(w) -> int:
    """A draft assessment of client B, on trainer B's own protocol."""
    return AssessmentFactory(client=w.client_b).pk


def _export_b(w) -> int:
    """A ready export of client B's data, asked for by trainer B."""
    export = Export.objects.create(
        kind=Export.Kind.CLIENT,
        client=w.client_b,
        requested_by=w.trainer_b,
        status=Export.Status.READY,
    )
    path = export_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK")
    return export.pk


def _import_b(w) -> int:
    """A previewed import, uploaded by the owner."""
    return ClientImport.objects.create(uploaded_by=w.admin, file_name="b.csv").pk


def _assigned_b(w) -> dict:
    """Client B's current assignment on the hinge."""
    variation = Variation.objects.filter(owner=None, pattern="hinge").first()
    assignment_set(client=w.client_b, variation=variation, changed_by=None)
    return {"client_pk": w.client_b.pk, "pattern": "hinge"}


def _post_b(w) -> int:
    """A draft written by trainer B."""
    return PostFactory(author=w.trainer_b).pk


def _protocol_b(w) -> int:
    return ProtocolFactory(owner=w.trainer_b).pk


def _message_b(w, *, photo: bool = False) -> int:
    """A message trainer B has just sent client B (with a photo)."""
    from messaging.attachments import attachment_clean
    from messaging.services import message_send

    message, _ = message_send(
        client=w.client_b,
        sender=w.trainer_b,
        body="Great depth today",
        uid=uuid.uuid4(),
        attachment=attachment_clean(PNG) if photo else None,
    )
    return message.pk


def _brand_logo() -> str:
    brand_save(brand=Brand(), images={"logo": PNG})
    return "logo"


def _clearance_b(w) -> dict:
    """Client B's screening, cleared by a professional with a document."""
    ScreeningFactory(
        client=w.client_b,
        outcome="clearance",
        document=PNG,
        document_type="image/png",
        clearance_recorded_at=timezone.now(),
    )
    return {"client_pk": w.client_b.pk}


def _screentest_b(w) -> int:
    return ScreenTestFactory(owner=w.trainer_b).pk


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    view: Callable

    @property
    def has_params(self) -> bool:
        return "<" in self.pattern

    @property
    def is_api(self) -> bool:
        """An endpoint of the API (Django REST framework), which answers a request
        without credentials with a 401 rather than sending it to log in."""
        return getattr(self.view, "cls", None) is not None

    def __str__(self) -> str:
        return self.name


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _walk(
                entry,
                prefix + str(entry.pattern),
                f"{namespace}:{inner}".strip(":") if inner else namespace,
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(
                name=name, pattern=prefix + str(entry.pattern), view=entry.callback
            )


def project_routes() -> list[Route]:
    """Every route outside the Django admin (which guards itself, see below)."""
    return [
        route
        for route in _walk(get_resolver(), "", "")
        if not (route.name or "").startswith("admin:")
    ]


ROUTES = project_routes()


def test_every_route_is_named_and_classified():
    unclassified = [r.pattern for r in ROUTES if access_of(r.view) is None]
    unnamed = [r.pattern for r in ROUTES if not r.name]
    assert not unclassified, f"wrap these views in an access decorator: {unclassified}"
    assert not unnamed, f"name these routes: {unnamed}"


def test_every_route_with_parameters_is_in_the_matrix():
    missing = [r.name for r in ROUTES if r.has_params and r.name not in ROUTE_KWARGS]
    stale = set(ROUTE_KWARGS) - {r.name for r in ROUTES}
    assert not missing, f"add these routes to ROUTE_KWARGS: {missing}"
    assert not stale, f"these ROUTE_KWARGS name no route: {stale}"


def _url(route: Route, world) -> str:
    kwargs = ROUTE_KWARGS[route.name](world) if route.has_params else {}
    return reverse(route.name, kwargs=kwargs)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(
        resolve_url(settings.LOGIN_URL)
    )


def _login(client, user):
    client.force_login(user)
    return client


def _owner(world, access: Access):
    return {
        Access.TRAINER: world.trainer_b,
        Access.CLIENT: world.client_b.user,
        Access.ADMIN: world.admin,
        Access.USER: world.trainer_b,
        Access.WRITER: world.trainer_b,
    }[access]


def _same_role_other(world, access: Access):
    return {
        Access.TRAINER: world.trainer_a,
        Access.CLIENT: world.client_a.user,
        Access.WRITER: world.trainer_a,
    }.get(access)


def _wrong_roles(world, access: Access) -> list:
    return {
        Access.TRAINER: [world.client_a.user, world.admin],
        Access.CLIENT: [world.trainer_a, world.admin],
        Access.ADMIN: [world.trainer_a, world.client_a.user],
        Access.WRITER: [world.client_a.user],
    }.get(access, [])


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_visitor(route, client, world):
    url = _url(route, world)
    response = client.get(url)
    if access_of(route.view) is Access.PUBLIC:
        reported = {503} if route.name in STATE_REPORTS else set()
        assert response.status_code in {200, 301, 302, 405, *reported}
        assert not _is_login_redirect(response)
    elif route.is_api:
        assert response.status_code == 401, f"{url} answered {response.status_code}"
        assert client.post(url).status_code == 401
    else:
        assert _is_login_redirect(response), f"{url} answered {response.status_code}"
        assert _is_login_redirect(client.post(url))


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if access_of(r.view) is not Access.PUBLIC], ids=str
)
def test_owner_can_open_and_others_cannot(route, client, world):
    access = access_of(route.view)
    url = _url(route, world)

    for user in _wrong_roles(world, access):
        _login(client, user)
        assert client.get(url).status_code in {403, 404}, f"{user.role} got {url}"
        assert client.post(url).status_code in {403, 404}, f"{user.role} posted {url}"

    other = _same_role_other(world, access)
    if other is not None and route.has_params:
        _login(client, other)
        statuses = {client.get(url).status_code, client.post(url).status_code}
        reached = f"{other.email} reached another's object at {url}: {statuses}"
        assert statuses <= {404, 405}, reached
        assert 404 in statuses, reached

    _login(client, _owner(world, access))
    response = client.get(url)
    assert response.status_code in {200, 302, 405}
    assert not _is_login_redirect(response)


CLIENT_ROUTES = [
    r
    for r in ROUTES
    if access_of(r.view) is Access.TRAINER
    and r.has_params
    and not r.name.split(":")[-1].startswith(TRAINER_OWN)
]


@pytest.mark.parametrize("route", CLIENT_ROUTES, ids=str)
def test_a_reassigned_client_moves_with_every_page(route, client, world):
    """Everything of a client belongs to the client's trainer: once client B moves
    to trainer A, trainer B finds none of B's pages and trainer A finds all."""
    url = _url(route, world)
    client_reassign(client=world.client_b, trainer=world.trainer_a)

    _login(client, world.trainer_b)
    statuses = {client.get(url).status_code, client.post(url).status_code}
    assert statuses <= {404, 405}, f"the old trainer reached {url}: {statuses}"
    assert 404 in statuses

    _login(client, world.trainer_a)
    response = client.get(url)
    assert response.status_code in {200, 302, 405}, url
    assert not _is_login_redirect(response)


def test_admin_site_is_for_admins_only(client, world):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    for user in [world.trainer_a, world.client_a.user]:
        _login(client, user)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    _login(client, world.admin)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: m._meta.label
)
def test_admin_pages_open_for_the_admin(model, client, world):
    _login(client, world.admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    # A single-row model's list (the brand) goes straight to its one page.
    assert client.get(changelist, follow=True).status_code == 200
    query = {"q": "<script>x</script>"}
    assert client.get(changelist, query, follow=True).status_code == 200
