"""A service says no by raising ``ValidationError``; the person always sees why, on
the form or as a message, and never a 500.

Three parts hold that, and these tests hold them:

- ``core.http.service_call``, the one way a view or an admin action calls a
  service. The walk below fails on any view or admin module that mentions a service
  outside a ``with service_call(...)`` block.
- ``core.middleware.RefusalMiddleware``, the net for a refusal that escapes anyway
  (a service reached through a helper the walk cannot see): a message and a
  redirect (a 400 for htmx and the API), logged as a bug.
- The net reports the escape the way Django reports a 500, so the test client
  raises it: a test of a view that relies on the net fails.
"""

import ast
import inspect
import logging
import re
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from core.http import service_call

# Functions of a services module that only compute or check, and never write.
NOT_SERVICES = {
    # How many rungs a recommendation jumps, for the page's caution.
    "assessments.services.assessments.rung_jump",
    # A site address for a path.
    "outbox.services.absolute_url",
    # Where an export's file lies.
    "exchange.services.exports.export_path",
    # The trainer check, run by the admin form's clean(), where a refusal is the
    # form's own.
    "clients.services.clients.check_can_coach",
}
REQUEST_MODULE = re.compile(r"(^|\.)(views|admin|pages)(\.|$)")
MISSING = object()


def _request_modules() -> list[str]:
    """Every module of the project's apps that answers requests: views (a module or a
    package of them), pages and admin."""
    base = Path(settings.BASE_DIR)
    found = set()
    for app in apps.get_app_configs():
        root = Path(app.path)
        if not root.is_relative_to(base) or ".venv" in root.parts:
            continue
        for file in root.rglob("*.py"):
            name = ".".join(file.relative_to(base).with_suffix("").parts)
            name = name.removesuffix(".__init__")
            if REQUEST_MODULE.search(name.split(".", 1)[-1]) and "tests" not in name:
                found.add(name)
    return sorted(found)


def _resolve(node: ast.expr, module: ModuleType):
    """What a name or a dotted name of the module stands for, or MISSING (a local
    name, or anything more than a name)."""
    if isinstance(node, ast.Name):
        return vars(module).get(node.id, MISSING)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, module)
        return MISSING if owner is MISSING else getattr(owner, node.attr, MISSING)
    return MISSING


def _is_service(obj) -> bool:
    if not inspect.isfunction(obj):
        return False
    in_services = re.search(r"\.services(\.|$)", obj.__module__)
    return bool(in_services) and f"{obj.__module__}.{obj.__name__}" not in NOT_SERVICES


class Unguarded(ast.NodeVisitor):
    """The services a module mentions outside a ``with service_call(...)`` block. A
    service handed to a call as an argument is the callee's to guard (an admin's
    ``_apply(request, queryset, service, ...)``)."""

    def __init__(self, module: ModuleType):
        self.module = module
        self.guarded = 0
        self.found: list[str] = []

    def _service(self, node) -> bool:
        return _is_service(_resolve(node, self.module))

    def visit_With(self, node: ast.With) -> None:
        guards = any(
            isinstance(item.context_expr, ast.Call)
            and _resolve(item.context_expr.func, self.module) is service_call
            for item in node.items
        )
        for item in node.items:
            self.visit(item)
        self.guarded += guards
        for statement in node.body:
            self.visit(statement)
        self.guarded -= guards

    def visit_Call(self, node: ast.Call) -> None:
        self.visit(node.func)
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            if not self._service(argument):
                self.visit(argument)

    def _mention(self, node) -> None:
        if self._service(node):
            if not self.guarded:
                self.found.append(f"line {node.lineno}: {ast.unparse(node)}")
        else:
            self.generic_visit(node)

    visit_Name = _mention
    visit_Attribute = _mention


def unguarded(name: str) -> list[str]:
    module = import_module(name)
    visitor = Unguarded(module)
    visitor.visit(ast.parse(Path(module.__file__).read_text()))
    return visitor.found


MODULES = _request_modules()


def test_the_walk_finds_the_views_and_admin_of_every_app():
    for name in [
        "programming.views.programs",
        "clients.views",
        "clients.admin",
        "newsletter.admin",
        "scheduling.views",
        "assessments.views.screens",
        "exchange.views",
        "accounts.views",
        "training.views",
        "api.views",
        "api.pages",
    ]:
        assert name in MODULES


def test_the_walk_sees_a_service_outside_service_call():
    source = """
from programming import services
from programming.services import program_delete
from core.http import service_call

def view(request, program, form):
    services.program_update(program=program, name="x")
    program_delete(program=program)
    step = services.program_activate
    with service_call(form):
        services.program_update(program=program, name="y")
    services.programs.ORDER_IS_STALE.format(day="A")
"""
    module = ModuleType("example")
    exec(compile(source, "example", "exec"), vars(module))  # noqa: S102 (our text)
    visitor = Unguarded(module)
    visitor.visit(ast.parse(source))
    assert visitor.found == [
        "line 7: services.program_update",
        "line 8: program_delete",
        "line 9: services.program_activate",
    ]


@pytest.mark.parametrize("name", MODULES)
def test_views_and_admin_call_services_only_through_service_call(name):
    found = unguarded(name)
    assert not found, (
        f"{name} calls a service outside `with service_call(...)`, where a refusal "
        "would escape the page: " + "; ".join(found)
    )


# --- The helper ------------------------------------------------------------------


def test_a_refusal_goes_on_the_field_it_names_or_on_top_of_the_form():
    class NameForm(forms.Form):
        name = forms.CharField()

    form = NameForm({"name": "Block"})
    assert form.is_valid()
    with service_call(form) as call:
        raise ValidationError({"name": "Taken.", "client": "Archived."})
    assert not form.is_valid()
    assert form.errors == {"name": ["Taken."], "__all__": ["Archived."]}
    assert call.message == "Taken. Archived."


def test_a_form_may_place_a_refusal_itself():
    class FileForm(forms.Form):
        file = forms.CharField()

        def add_service_errors(self, error):
            self.add_error("file", error.messages)

    form = FileForm({"file": "x"})
    form.is_valid()
    with service_call(form):
        raise ValidationError("Not a CSV file.")
    assert form.errors == {"file": ["Not a CSV file."]}


def test_a_refusal_without_a_form_is_a_message_and_anything_else_escapes(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with service_call(request) as call:
        raise ValidationError("Already cancelled.")
    assert [str(m) for m in get_messages(request)] == ["Already cancelled."]
    assert isinstance(call.error, ValidationError)
    with pytest.raises(KeyError), service_call(request):
        raise KeyError("a bug is not a refusal")


def test_a_block_that_is_not_refused_runs_to_its_end():
    with service_call() as call:
        done = True
    assert done
    assert call.error is None
    assert call.message == ""


# --- The net -----------------------------------------------------------------------


def escaping_view(request):
    raise ValidationError("The session is already cancelled.")


@api_view(["POST"])
@permission_classes([AllowAny])
def escaping_api_view(request):
    raise ValidationError({"attendance": ["Not a choice."]})


def page(request):
    return HttpResponse("a page")


urlpatterns = [
    path("escape/", escaping_view),
    path("api-escape/", escaping_api_view),
    path("page/", page),
]


@pytest.fixture
def lenient(client, db):
    """A test client that returns the response of an escaped exception rather than
    raising it, to see what the person sees."""
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
def test_a_test_of_a_view_that_lets_a_refusal_escape_fails(client, db):
    with pytest.raises(ValidationError, match="already cancelled"):
        client.post("/escape/")


@pytest.mark.urls(__name__)
def test_an_escaped_refusal_goes_back_to_the_page_with_the_message(lenient):
    response = lenient.post("/escape/", HTTP_REFERER="http://testserver/page/?x=1")
    assert response.status_code == 302
    assert response.url == "http://testserver/page/?x=1"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["The session is already cancelled."]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "referer", ["", "https://elsewhere.example/", "http://testserver/escape/"]
)
def test_without_a_page_of_ours_to_go_back_to_it_is_the_front_page(lenient, referer):
    response = lenient.get("/escape/", HTTP_REFERER=referer)
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.urls(__name__)
def test_htmx_reloads_the_page_to_show_the_message(lenient):
    response = lenient.post("/escape/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Refresh"] == "true"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["The session is already cancelled."]


@pytest.mark.urls(__name__)
def test_the_api_answers_400_with_the_messages_by_field(lenient):
    response = lenient.post("/api-escape/")
    assert response.status_code == 400
    assert response.json() == {"attendance": ["Not a choice."]}


@pytest.mark.urls(__name__)
def test_an_escaped_refusal_is_logged_as_a_bug_with_its_traceback(lenient, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        lenient.post("/escape/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert "escaped its view: /escape/" in record.getMessage()
    assert record.exc_info[0] is ValidationError


def test_the_net_is_installed():
    assert "core.middleware.RefusalMiddleware" in settings.MIDDLEWARE
