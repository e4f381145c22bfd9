"""No input reaches a 500, and a refused write leaves nothing behind: every route
that takes a POST, and every write of the API, fuzzed with Hypothesis.

The routes are the resolver's, as ``tests/test_authorization.py`` walks them (and
``tests/api/test_visibility.py`` for the API), so a new route is fuzzed the day it
is added; a page that answers a POST with 405 only reads. Each route is opened by
the role that may use it (the owner of its objects) and by another person of that
role, who must find nothing. The fields come from the forms the view itself builds
(caught as it builds them, on a GET and on an empty POST), and the API's from its
schema; each is given hostile values, other people's ids, or is left out, and the
body is sent as a form, multipart, JSON, in another charset, or as bytes that are
none of these. Every route also takes a fixed set of edge cases: a body over the
size limit, too many fields, JSON nested too deep.

Each answer must be below 500, and an answer that refuses (a 4xx, a form shown
again with its errors, a redirect with an error message) must leave every table
of the project as it was: as many rows, none updated.

CI runs the ``fuzz`` profile (few examples per route, derandomized, so that a run
is repeatable); ``make fuzz`` runs ``fuzz-hard``, with many more, once, by hand.
"""

import functools
import json
import os
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.forms.formsets import BaseFormSet
from django.http import QueryDict
from django.template.context import Context
from django.test import Client
from django.test.utils import ContextList
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import TokenProxy
from rest_framework.test import APIClient

from accounts.access import Access, access_of
from brand.models import Brand
from exchange.models import ClientImport, Export
from outbox.models import Email
from programming.models import Assignment
from scheduling.models import Series
from scheduling.services import calendar_feed_reset
from tests import factories, fuzz
from tests import test_authorization as authz
from tests.api import test_visibility as visibility
from tests.brand.images import PNG

settings.register_profile(
    "fuzz",
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one world per route, on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.register_profile(
    "fuzz-hard",
    parent=settings.get_profile("fuzz"),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)),
    derandomize=False,
)
PROFILE = settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))

# Where the authorization test's URL is not one the owner can post to: the same
# route, with B's rows in the state the route acts on.
FUZZ_KWARGS = {
    # An assignment to move up or down, not only a pattern.
    "programming:assignment_progress": authz._assigned_b,
    "programming:assignment_regress": authz._assigned_b,
}

# Routes not fuzzed, and why. A route that cannot be fuzzed and is not here fails.
NOT_FUZZED: dict[str, str] = {
    "screening:clearance_record": "only a screening that needs clearance takes one; "
    "tests/screening/test_screening.py posts bad dates and fake documents to it",
}

# Tables a refused request may still write, and why.
WRITTEN_ON_REFUSAL: dict[str, str] = {}

SENT: dict = {}  # answers by status, for the summary at the end
SAFE = {"get", "head", "options", "trace"}
WRITES = ["post", "put", "patch", "delete"]
SAMPLES = [PNG, b"name,email\nAda,ada@example.com\n"]


# --- What the project's tables hold ---------------------------------------------------


def _project_models() -> list:
    base = str(django_settings.BASE_DIR)
    return [
        m
        for m in apps.get_models()
        if apps.get_app_config(m._meta.app_label).path.startswith(base)
        and ".venv" not in apps.get_app_config(m._meta.app_label).path
        and m._meta.db_table not in WRITTEN_ON_REFUSAL
        and not m._meta.proxy
    ]


@dataclass(frozen=True)
class Tables:
    """How many rows each table has and when one was last updated, in one query."""

    sql: str
    names: tuple[str, ...]

    @classmethod
    def of_project(cls) -> "Tables":
        q = connection.ops.quote_name
        models = _project_models()
        sql = " UNION ALL ".join(
            f"SELECT {i}, COUNT(*), MAX({q('updated_at')}) "  # noqa: S608 - our names
            f"FROM {q(m._meta.db_table)}"
            for i, m in enumerate(models)
        )
        return cls(sql=sql, names=tuple(m._meta.db_table for m in models))

    def state(self) -> dict[str, tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return {self.names[i]: (n, last) for i, n, last in cursor.fetchall()}


def _changed(before: dict, after: dict) -> dict:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


# --- The forms a view builds ---------------------------------------------------------


@dataclass
class Seen:
    """What a view read while it answered: the forms it built and the names it
    looked up in the request's data."""

    forms: list = field(default_factory=list)
    names: set[str] = field(default_factory=set)


@contextmanager
def _watching() -> Iterator[Seen]:
    seen = Seen()
    form_init = forms.BaseForm.__init__
    lookups = {m: getattr(MultiValueDict, m) for m in ("get", "getlist", "__getitem__")}

    def init(self, *args, **kwargs):
        form_init(self, *args, **kwargs)
        seen.forms.append(self)

    def looking(method):
        def look(self, key, *args, **kwargs):
            if isinstance(self, QueryDict) and isinstance(key, str):
                seen.names.add(key)
            return method(self, key, *args, **kwargs)

        return look

    with (
        mock.patch.object(forms.BaseForm, "__init__", init),
        mock.patch.multiple(
            MultiValueDict, **{m: looking(f) for m, f in lookups.items()}
        ),
    ):
        yield seen


def _as_sent(form: forms.BaseForm) -> fuzz.Fields:
    """What a browser sends for an unbound form, left as shown."""
    sent: fuzz.Fields = {}
    for name, form_field in form.fields.items():
        bound = form[name]
        value = bound.value()
        widget = form_field.widget
        html_name = bound.html_name
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for suffix, part in zip(widget.widgets_names, parts, strict=False):
                sent[html_name + suffix] = [_text(widget, part)]
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                sent[html_name] = ["on"]
        elif isinstance(value, list | tuple):
            sent[html_name] = [_text(widget, v) for v in value]
        elif not isinstance(form_field, forms.FileField):
            sent[html_name] = [_text(widget, value)]
    return sent


def _text(widget, value) -> str:
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    shown = widget.format_value(value)
    if isinstance(shown, list):  # a select's
        shown = shown[0] if shown else ""
    return "" if shown is None else str(shown)


def _plausible(form_field: forms.Field) -> str | None:
    """A value the field would likely take, for a field a new form shows empty, so
    that the fuzz gets past the form to the service behind it."""
    if isinstance(form_field, forms.ModelChoiceField):
        first = form_field.queryset.first()
        return None if first is None else str(first.pk)
    if isinstance(form_field, forms.ChoiceField):
        choices = fuzz.typed(form_field, {})
        return choices[0] if choices else None
    if isinstance(form_field, forms.EmailField):
        return "fuzz@example.com"
    if isinstance(form_field, forms.DateTimeField):
        return (timezone.localdate() + timedelta(days=2)).isoformat() + " 09:00"
    if isinstance(form_field, forms.DateField):
        return (timezone.localdate() + timedelta(days=2)).isoformat()
    if isinstance(form_field, forms.TimeField):
        return "09:00"
    if isinstance(form_field, forms.IntegerField | forms.DecimalField):
        low = form_field.min_value
        return str(max(low, 1) if low is not None else 1)
    if isinstance(form_field, forms.URLField):
        return "https://example.com/"
    if isinstance(form_field, forms.BooleanField | forms.FileField):
        return None
    if isinstance(form_field, forms.CharField):
        return "Fuzz"
    return None


def _fields(seen: Seen) -> dict:
    """Each name the view reads, with the form field behind it (None for a name a
    view reads itself, such as ``next``)."""
    found: dict = dict.fromkeys(seen.names)
    for form in seen.forms:
        for name, form_field in form.fields.items():
            html_name = form.add_prefix(name)
            if isinstance(form_field.widget, forms.MultiWidget):
                for suffix in form_field.widget.widgets_names:
                    found[html_name + suffix] = form_field
            else:
                found[html_name] = form_field
    return {k: v for k, v in found.items() if k != "csrfmiddlewaretoken"}


def _context_values(response) -> Iterator:
    context = response.context
    if context is None:
        return
    for each in context if isinstance(context, ContextList) else [context]:
        if isinstance(each, Context):
            for layer in each.dicts:
                yield from layer.values()


def _refused(response) -> bool:
    """Whether the answer says no: a 4xx, a form shown again with its errors, or an
    error message on the way to another page."""
    if 400 <= response.status_code < 500:
        return True
    for value in _context_values(response):
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return True
        if (
            isinstance(value, BaseFormSet)
            and value.is_bound
            and value.total_error_count()
        ):
            return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


# --- The people and the rows ----------------------------------------------------------


def _ids(world) -> dict:
    """The ids of every row of every project model, the caller's and others'."""
    found: dict = {}
    for model in _project_models():
        found[model] = list(
            model._base_manager.order_by("-pk").values_list("pk", flat=True)[:20]
        )
    found["emails"] = [
        world.trainer_a.email,
        world.trainer_b.email,
        world.client_a.user.email,
        world.admin.email,
    ]
    return found


def _mirror(world):
    """The world with A and B swapped: a route's kwargs built with it name A's rows,
    so that the fuzz has other people's ids to send."""
    return replace(
        world,
        trainer_a=world.trainer_b,
        trainer_b=world.trainer_a,
        client_a=world.client_b,
        client_b=world.client_a,
    )


# Everyone lives where the clocks change, so that a day or a time sent can be one
# that does not exist (2:30 on 28 March 2027) or exists twice (31 October).
ZONE = "Europe/Berlin"


def _zoned(world) -> None:
    for user in (world.trainer_a, world.trainer_b, world.admin):
        user.time_zone = ZONE
        user.save(update_fields=["time_zone"])
    for client in (world.client_a, world.client_b):
        client.user.time_zone = ZONE
        client.user.save(update_fields=["time_zone"])


def _callers(world, access: Access) -> list:
    """Who posts: the one who may (the owner of B's rows), and someone of the same
    kind who must find nothing."""
    if access is Access.PUBLIC:
        return [None, world.trainer_a]
    if access is Access.USER:
        return [world.trainer_b, world.client_a.user]
    owner = authz._owner(world, access)
    other = authz._same_role_other(world, access)
    return [owner] if other is None else [owner, other]


class Browser:
    """A test client per caller, logged in once (again after a route logs out)."""

    def __init__(self, users: list):
        self.users = users
        self.clients = [Client() for _ in users]
        for user, client in zip(users, self.clients, strict=True):
            if user is not None:
                client.force_login(user)

    def send(self, index: int, method: str, url: str, request: fuzz.Request):
        client = self.clients[index]
        body, content_type = request.body()
        headers = {"HX-Request": "true"} if request.htmx else {}
        headers.update(request.headers)
        response = client.generic(
            method.upper(), url, body, content_type=content_type, headers=headers
        )
        SENT[response.status_code] = SENT.get(response.status_code, 0) + 1
        user = self.users[index]
        if user is not None and not response.wsgi_request.user.is_authenticated:
            client.force_login(user)
        return response


def _fresh_counts(settings) -> None:
    """Each example starts with no rate limit or lockout counted, as if it were the
    first request of the hour."""
    import uuid

    from axes.utils import reset

    settings.RATELIMIT_CACHE_PREFIX = f"rl:fuzz:{uuid.uuid4().hex}:"
    reset()


# ``make fuzz`` writes each failure here and goes on, to find every cause in a run.
FUZZ_LOG = os.environ.get("FUZZ_LOG")


def _try(tables: Tables, what: str, send) -> None:
    """Send one request (``send()``) and check its answer."""
    before = tables.state()
    try:
        response = send()
        _check(tables, before, response, what)
    except Exception:
        SENT["raised"] = SENT.get("raised", 0) + 1
        if not FUZZ_LOG:
            raise
        with open(FUZZ_LOG, "a") as log:
            log.write(f"{what}\n{traceback.format_exc(limit=-6)}\n---\n")


def _check(tables: Tables, before: dict, response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"
    if _refused(response):
        changed = _changed(before, tables.state())
        assert not changed, f"{what} was refused but wrote {changed}"


# --- Edge cases every route takes --------------------------------------------------


def _edge_requests() -> list[fuzz.Request]:
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    over = b"a=" + b"x" * limit
    many = b"&".join(
        b"f%d=1" % i for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)
    )
    nested = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return [
        fuzz.Request(
            encoding="raw", raw=over, content_type="application/x-www-form-urlencoded"
        ),
        fuzz.Request(encoding="raw", raw=over, content_type="application/json"),
        fuzz.Request(
            encoding="raw",
            raw=over,
            content_type=f"multipart/form-data; boundary={fuzz.BOUNDARY}",
        ),
        fuzz.Request(
            encoding="raw", raw=many, content_type="application/x-www-form-urlencoded"
        ),
        fuzz.Request(encoding="raw", raw=nested, content_type="application/json"),
        fuzz.Request(
            encoding="raw",
            raw=b"a=%E9",
            content_type="application/x-www-form-urlencoded; charset=latin-1",
        ),
    ]


# --- Pages --------------------------------------------------------------------------


def _methods(view) -> set[str] | None:
    """The methods a view answers, as its decorators (Django's
    ``require_http_methods`` and those built on it) or its class say; None for
    any."""
    allowed = None
    while view is not None:
        cls = getattr(view, "view_class", None)
        if cls is not None:
            names = {m for m in cls.http_method_names if hasattr(cls, m)}
            allowed = names if allowed is None else allowed & names
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            names = {m.lower() for m in cell.cell_contents}
            allowed = names if allowed is None else allowed & names
        view = getattr(view, "__wrapped__", None)
    return allowed


def _takes_post(route) -> bool:
    methods = _methods(route.view)
    return methods is None or "post" in methods


PAGE_ROUTES = [
    r
    for r in authz.ROUTES
    if not r.is_api and r.name not in NOT_FUZZED and _takes_post(r)
]


def test_a_page_said_to_only_read_refuses_a_post(client, world):
    """The walk leaves out the pages whose decorators refuse a POST: they do."""
    read_only = [r for r in authz.ROUTES if not r.is_api and not _takes_post(r)]
    assert read_only, "no page found that only reads: the walk is broken"
    for route in read_only:
        access = access_of(route.view)
        if access is not Access.PUBLIC:
            client.force_login(authz._owner(world, access))
        url = reverse(
            route.name,
            kwargs=authz.ROUTE_KWARGS[route.name](world) if route.has_params else {},
        )
        assert client.post(url).status_code == 405, url


@dataclass
class Target:
    url: str
    pattern: str
    kwargs: dict
    fields: dict
    baseline: fuzz.Fields
    ids: dict


def _target(
    route, world, browser: Browser, make=None, read_only=frozenset({405})
) -> Target | None:
    """The route's URL (to B's rows), and the fields its view reads; None when the
    route answers a POST with 405 (it only reads), or another of ``read_only``."""
    make = make or FUZZ_KWARGS.get(route.name) or authz.ROUTE_KWARGS.get(route.name)
    kwargs = make(world) if route.has_params else {}
    url = reverse(route.name, kwargs=kwargs)
    if route.has_params:
        make(_mirror(world))
    with _watching() as posted:
        answer = browser.send(0, "post", url, fuzz.Request())
    if answer.status_code in read_only:
        return None
    with _watching() as shown:
        page = browser.clients[0].get(url)
    assert answer.status_code not in {403, 404}, (
        f"the owner cannot post to {url} ({answer.status_code}): say how to reach "
        "it in ROUTE_KWARGS, or list it in NOT_FUZZED with the reason"
    )
    baseline: fuzz.Fields = {}
    if page.status_code == 200:
        for form in shown.forms:
            if not form.is_bound:
                baseline.update(_as_sent(form))
                for name, form_field in form.fields.items():
                    html_name = form.add_prefix(name)
                    if baseline.get(html_name) in (None, [""]) and form_field.required:
                        value = _plausible(form_field)
                        if value is not None:
                            baseline[html_name] = [value]
    fields = _fields(shown) | _fields(posted)
    baseline.pop("csrfmiddlewaretoken", None)
    return Target(
        url=url,
        pattern=route.pattern,
        kwargs=kwargs,
        fields=fields,
        baseline=baseline,
        ids=_ids(world),
    )


def _fuzz(targets: list[Target], browser: Browser, settings) -> None:
    """Every edge case, then the fuzz, to each of ``targets``."""
    tables = Tables.of_project()
    for target in targets[:1]:  # they are read before any view sees them
        for request in _edge_requests():
            _try(
                tables,
                f"POST {target.url} {request.describe()}",
                lambda r=request, t=target: browser.send(0, "post", t.url, r),
            )
    if not targets:
        return

    @st.composite
    def aimed(draw) -> tuple[str, fuzz.Request]:
        target = draw(st.sampled_from(targets))
        request = draw(
            st.one_of(
                fuzz.form_requests(target.fields, target.baseline, target.ids, SAMPLES),
                fuzz.form_requests(target.fields, target.baseline, target.ids, SAMPLES),
                fuzz.raw_requests(),
            )
        )
        request.headers = draw(fuzz.HEADERS)
        return draw(fuzz.addresses(target.pattern, target.kwargs)), request

    @PROFILE
    @given(aimed=aimed(), index=st.integers(0, len(browser.users) - 1))
    def fuzz_route(aimed, index):
        _fresh_counts(settings)
        url, request = aimed
        what = f"POST {url} as {browser.users[index]}: {request.describe()}"
        note(what)
        _try(tables, what, lambda: browser.send(index, "post", url, request))

    fuzz_route()


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=str)
def test_no_post_answers_5xx_or_leaves_a_refused_write_behind(route, world, settings):
    _zoned(world)
    browser = Browser(_callers(world, access_of(route.view)))
    target = _target(route, world, browser)
    _fuzz([target] if target else [], browser, settings)


# --- The admin --------------------------------------------------------------------


def _admin_routes() -> dict[str, list]:
    """The admin's routes, by the model each is of ("" for the site's own: log in,
    change password, ...)."""
    prefixes = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_": m._meta.label
        for m in admin.site._registry
    }
    groups: dict[str, list] = {}
    for route in authz._walk(get_resolver(), "", ""):
        if not (route.name or "").startswith("admin:") or route.name == "admin:None":
            continue  # not the admin's, or a bare redirect to a change page
        if route.name in NOT_FUZZED:
            continue
        label = next((m for p, m in prefixes.items() if route.name.startswith(p)), "")
        groups.setdefault(label, []).append(route)
    return groups


ADMIN_ROUTES = _admin_routes()


# How to make a row for the admin's pages of a model the world has none of, where
# ``tests.factories`` has no factory for it.
ADMIN_ROWS = {
    "auth.Group": lambda w: Group.objects.create(name="Fuzz"),
    # One row, made when the owner first saves the brand: a test may run before.
    "brand.Brand": lambda w: Brand.objects.get_or_create(pk=Brand.SINGLETON_PK)[0],
    "programming.Assignment": lambda w: _assignment_b(w),
    "programming.AssignmentChange": lambda w: _assignment_b(w).changes.first(),
    "authtoken.TokenProxy": lambda w: TokenProxy.objects.create(user=w.trainer_b),
    "axes.AccessAttempt": lambda w: AccessAttempt.objects.create(
        username=w.trainer_b.email, ip_address="127.0.0.1", failures_since_start=1
    ),
    "axes.AccessFailureLog": lambda w: AccessFailureLog.objects.create(
        username=w.trainer_b.email, ip_address="127.0.0.1"
    ),
    "exchange.ClientImport": lambda w: ClientImport.objects.get(pk=authz._import_b(w)),
    "exchange.Export": lambda w: Export.objects.get(pk=authz._export_b(w)),
    "outbox.Email": lambda w: Email.objects.create(
        key="fuzz", to=w.trainer_b.email, subject="Fuzz", body_text="Fuzz"
    ),
    "scheduling.CalendarFeed": lambda w: calendar_feed_reset(user=w.trainer_b),
    "scheduling.Series": lambda w: Series.objects.create(
        client=w.client_b, weekdays=[0], weeks=2, first_date=timezone.localdate()
    ),
}


def _assignment_b(world):
    authz._assigned_b(world)
    return Assignment.objects.filter(client=world.client_b).latest("pk")


def _admin_kwargs(route, model):
    """How to name a row in an admin route: the newest of its model, made by the
    model's factory in ``tests.factories`` when the world has none."""

    def make(world) -> dict:
        if route.name == "admin:app_list":
            return {"app_label": "clients"}
        if route.name == "admin:auth_user_password_change":
            return {"id": world.trainer_b.pk}
        if route.name == "admin:view_on_site":
            ct = ContentType.objects.get_for_model(world.client_b)
            return {"content_type_id": ct.pk, "object_id": world.client_b.pk}
        assert model is not None, f"say in _admin_kwargs how to fill {route.name}"
        row = model._base_manager.order_by("-pk").first()
        if row is None and model._meta.label in ADMIN_ROWS:
            row = ADMIN_ROWS[model._meta.label](world)
        factory = getattr(factories, f"{model.__name__}Factory", None)
        if row is None and factory is not None:
            row = factory()
        assert row is not None, (
            f"no {model} row to open {route.name} on: give it a factory in "
            "tests/factories.py, or list the route in NOT_FUZZED with the reason"
        )
        return {"object_id": row.pk}

    return make


@pytest.mark.parametrize("label", sorted(ADMIN_ROUTES), ids=lambda x: x or "site")
def test_no_admin_post_answers_5xx_or_leaves_a_refused_write_behind(
    label, world, settings
):
    _zoned(world)
    browser = Browser([world.admin, world.trainer_a])
    model = apps.get_model(label) if label else None
    targets = [
        # The admin answers 403 to a change it does not allow (a read-only model).
        _target(route, world, browser, _admin_kwargs(route, model), {403, 405})
        for route in ADMIN_ROUTES[label]
    ]
    _fuzz([t for t in targets if t], browser, settings)


# --- The API --------------------------------------------------------------------------


API_PATTERNS = {r.name: r.pattern for r in authz.ROUTES if r.is_api}
API_WRITES = [
    (route, method)
    for route in visibility.ROUTES
    for method in route.methods
    if method not in SAFE and route.name not in NOT_FUZZED
]


def _schema_path(name: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", API_PATTERNS[name])


@functools.cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _request_schema(name: str, method: str) -> dict | None:
    operation = _schema()["paths"].get(_schema_path(name), {}).get(method, {})
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def test_every_api_write_says_in_the_schema_what_it_takes():
    """The fuzz builds an API body from the schema: a write without one is fuzzed
    blind, so it fails here until it says, or is listed in NOT_FUZZED."""
    assert API_WRITES, "no API write found: the walk is broken"
    blind = [
        f"{r.name} {m}" for r, m in API_WRITES if _request_schema(r.name, m) is None
    ]
    assert not blind, f"describe the body of these writes: {blind}"


def test_every_route_not_fuzzed_exists():
    names = {r.name for r in authz.ROUTES}
    assert set(NOT_FUZZED) <= names, set(NOT_FUZZED) - names
    assert set(FUZZ_KWARGS) <= names, set(FUZZ_KWARGS) - names


class Api:
    """An API client per caller."""

    def __init__(self, users: list):
        self.users = users
        self.clients = []
        for user in users:
            api = APIClient()
            api.force_authenticate(user)
            self.clients.append(api)

    def send(self, index: int, method: str, url: str, request: fuzz.Request):
        body, content_type = request.body()
        response = self.clients[index].generic(
            method.upper(),
            url,
            body,
            content_type=content_type,
            headers=request.headers,
        )
        SENT[response.status_code] = SENT.get(response.status_code, 0) + 1
        return response


def _json_request(value) -> fuzz.Request:
    return fuzz.Request(
        encoding="raw",
        raw=json.dumps(value).encode(),
        content_type="application/json",
    )


def _api_edges() -> list[fuzz.Request]:
    return [
        *_edge_requests(),
        _json_request({"exercises": [0] * 2_000, "notes": "x" * 200_000}),
        _json_request([[]] * 2_000),
    ]


@pytest.mark.parametrize(
    ("route", "method"), API_WRITES, ids=[f"{r.name}-{m}" for r, m in API_WRITES]
)
def test_no_api_write_answers_5xx_or_leaves_a_refused_write_behind(
    route, method, world, settings
):
    _zoned(world)
    data = visibility.make_data(world)
    access = route.view.access
    owner, _ = visibility._owner(data, access)
    others = [c[1] for c in visibility._callers(data, access)]
    api = Api([owner, *others])
    url = reverse(route.name, kwargs=route.rows.kwargs(data))
    tables = Tables.of_project()
    schema = _request_schema(route.name, method)
    components = _schema()["components"]["schemas"]
    ids = sorted(
        {pk for pks in _ids(world).values() for pk in pks if isinstance(pk, int)}
    )

    for request in _api_edges():
        _try(
            tables,
            f"{method} {url} {request.describe()}",
            lambda r=request: api.send(0, method, url, r),
        )
    for other in sorted(set(WRITES) - set(route.methods)):
        _try(
            tables,
            f"{other} {url}",
            lambda m=other: api.send(0, m, url, _json_request(route.rows.body(data))),
        )

    body = route.rows.body(data)
    schema_values = fuzz.from_schema(schema, components, ids)
    requests = st.one_of(
        fuzz.mutations(body, schema_values).map(_json_request),
        schema_values.map(_json_request),
        fuzz.raw_requests(),
    )

    @PROFILE
    @given(
        request=requests,
        index=st.integers(0, len(api.users) - 1),
        address=fuzz.addresses(API_PATTERNS[route.name], route.rows.kwargs(data)),
        headers=fuzz.HEADERS,
    )
    def fuzz_route(request, index, address, headers):
        _fresh_counts(settings)
        request.headers = headers
        what = f"{method} {address} as {api.users[index]}: {request.describe()}"
        note(what)
        _try(tables, what, lambda: api.send(index, method, address, request))

    fuzz_route()


@pytest.fixture(autouse=True)
def _count():
    """Under ``make fuzz``, how many requests each test sent, by answer, written as
    it ends (``make fuzz`` adds them up), so that a run cut short still says."""
    before = dict(SENT)
    yield
    if FUZZ_LOG:
        sent = {str(k): v - before.get(k, 0) for k, v in SENT.items()}
        with open(f"{FUZZ_LOG}.counts", "a") as counts:
            counts.write(f"{json.dumps({k: v for k, v in sent.items() if v})}\n")
