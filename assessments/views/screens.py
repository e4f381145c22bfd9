"""A trainer's protocols and tests: the built-in ones to read and copy, their own to
make, change and delete."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.forms import (
    ProtocolForm,
    ScreenTestForm,
)
from assessments.models import ScreenTest
from assessments.selectors import (
    by_area,
    protocol_get,
    protocol_get_own,
    protocol_in_use,
    protocol_list,
    screen_test_get_own,
    screen_test_in_use,
    screen_test_list,
)
from assessments.services import (
    protocol_create,
    protocol_delete,
    protocol_update,
    screen_test_create,
    screen_test_delete,
    screen_test_update,
)
from core.http import read_only, service_call

PROTOCOL_SAVED = "{name} is saved."
PROTOCOL_DELETED = "{name} is deleted."
TEST_SAVED = "{name} is saved."
TEST_DELETED = "{name} is deleted."


@read_only
def protocol_list_view(request):
    protocols = protocol_list(trainer=request.user)
    own_tests = screen_test_list(trainer=request.user).filter(owner=request.user)
    return render(
        request,
        "assessments/protocol_list.html",
        {
            "builtin": [p for p in protocols if p.is_builtin],
            "own": [p for p in protocols if not p.is_builtin],
            "own_tests": by_area(own_tests),
        },
    )


@read_only
def protocol_detail(request, pk: int):
    protocol = protocol_get(trainer=request.user, pk=pk)
    return render(
        request,
        "assessments/protocol_detail.html",
        {
            "protocol": protocol,
            "groups": by_area(protocol.items.all(), area=lambda i: i.test.pattern),
            "in_use": not protocol.is_builtin and protocol_in_use(protocol),
        },
    )


@require_http_methods(["GET", "POST"])
def protocol_new(request):
    source = None
    initial = {}
    if request.GET.get("copy", "").isdigit():
        source = protocol_get(trainer=request.user, pk=int(request.GET["copy"]))
        initial = {
            "name": f"{source.name} (my copy)"[:120],
            "description": source.description,
            "tests": [item.test for item in source.items.all()],
        }
    form = ProtocolForm(
        request.POST or None,
        initial=initial,
        tests=screen_test_list(trainer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            protocol = protocol_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                tests=form.ordered_tests(),
                copied_from=source,
            )
            messages.success(request, PROTOCOL_SAVED.format(name=protocol.name))
            return redirect(protocol)
    return render(
        request, "assessments/protocol_form.html", {"form": form, "source": source}
    )


@require_http_methods(["GET", "POST"])
def protocol_edit(request, pk: int):
    protocol = protocol_get_own(trainer=request.user, pk=pk)
    form = ProtocolForm(
        request.POST or None,
        initial={
            "name": protocol.name,
            "description": protocol.description,
            "tests": [item.test for item in protocol.items.all()],
        },
        tests=screen_test_list(trainer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            protocol_update(
                protocol=protocol,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                tests=form.ordered_tests(),
            )
            messages.success(request, PROTOCOL_SAVED.format(name=protocol.name))
            return redirect(protocol)
    return render(
        request,
        "assessments/protocol_form.html",
        {"form": form, "protocol": protocol, "in_use": protocol_in_use(protocol)},
    )


@require_http_methods(["GET", "POST"])
def protocol_delete_view(request, pk: int):
    protocol = protocol_get_own(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            protocol_delete(protocol=protocol)
            messages.success(request, PROTOCOL_DELETED.format(name=protocol.name))
            return redirect("assessments:protocol_list")
        return redirect(protocol)
    return render(
        request,
        "assessments/confirm_delete.html",
        {"object": protocol, "cancel_url": protocol.get_absolute_url()},
    )


@require_http_methods(["GET", "POST"])
def screentest_new(request):
    form = ScreenTestForm(request.POST or None, instance=ScreenTest(owner=request.user))
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            test = screen_test_create(owner=request.user, **form.service_fields())
            messages.success(request, TEST_SAVED.format(name=test.name))
            return redirect("assessments:protocol_list")
    return render(request, "assessments/screentest_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def screentest_edit(request, pk: int):
    test = screen_test_get_own(trainer=request.user, pk=pk)
    form = ScreenTestForm(request.POST or None, instance=test)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            screen_test_update(test=test, **form.service_fields())
            messages.success(request, TEST_SAVED.format(name=test.name))
            return redirect("assessments:protocol_list")
    return render(
        request,
        "assessments/screentest_form.html",
        {"form": form, "test": test, "in_use": screen_test_in_use(test)},
    )


@require_http_methods(["GET", "POST"])
def screentest_delete(request, pk: int):
    test = screen_test_get_own(trainer=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            screen_test_delete(test=test)
            messages.success(request, TEST_DELETED.format(name=test.name))
        return redirect("assessments:protocol_list")
    return render(
        request,
        "assessments/confirm_delete.html",
        {"object": test, "cancel_url": reverse("assessments:protocol_list")},
    )
