"""Helpers for the views of every app."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


def read_only(view):
    """A page that only reads: GET and HEAD only, and outside the request transaction
    that ``ATOMIC_REQUESTS`` opens for every other view. That saves a BEGIN and a
    COMMIT per page on PostgreSQL, and on SQLite it does not take the write lock."""
    return transaction.non_atomic_requests(require_safe(view))


def next_path(request: HttpRequest, default: str = "") -> str:
    """Where a form asked to go next (its ``next`` field, or the query's): only ever
    a path of this site, such as ``/clients/3/``; anything else (an address of
    another site, a bare word, which ``redirect()`` would take for a URL name) gives
    ``default``, itself a path, a URL name or a model, resolved as ``redirect()``
    does. The one place a view reads ``next``: ``tests/test_next.py`` holds it."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default) if default else ""


def error_message(exc: ValidationError) -> str:
    """A service's refusal as one line, for a flash message."""
    return " ".join(exc.messages)


def refusal_detail(exc: ValidationError) -> dict:
    """A service's refusal as an API's 400 says it, shaped as DRF shapes its own
    errors: a key ``exercises.0.sets.1.load`` is ``{"exercises": {"0": {"sets":
    {"1": {"load": [...]}}}}}``, and a refusal of no field ``non_field_errors``."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    detail: dict = {}
    for key, said in exc.message_dict.items():
        *parents, name = ("non_field_errors" if key == "__all__" else key).split(".")
        node = detail
        for parent in parents:
            node = node.setdefault(parent, {})
        node[name] = said
    return detail


def add_refusal(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on ``form``: through the form's own
    ``add_service_errors(exc)`` when it has one, else each message on the field it
    names, when the form has that field, or at the top of the form."""
    custom = getattr(form, "add_service_errors", None)
    if custom is not None:
        custom(exc)
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class service_call:  # lower case, as transaction.atomic: it reads as a statement
    """The one way a view or an admin action calls a service, which says no by
    raising ``ValidationError``::

        if request.method == "POST" and form.is_valid():
            with service_call(form):
                thing = services.thing_create(**form.cleaned_data)
                messages.success(request, THING_ADDED)
                return redirect(thing)
        return render(request, "app/thing_form.html", {"form": form})

    When the service refuses, the block stops and the refusal is shown: on
    ``form`` (see ``add_refusal``), or, given the ``request`` of a button with no
    form, as an error message on the page the view returns to. The view carries
    on after the block, which is where it shows the form again or redirects. Given
    nothing, the refusal is only kept, in ``call.error`` and ``call.message``, for
    a view that shows it its own way (an htmx fragment, an API's 400).

    ``tests/test_refusals.py`` fails on any view or admin module that calls a
    service outside such a block, and ``core.middleware.RefusalMiddleware`` turns a
    refusal that escapes anyway into a message rather than a 500."""

    def __init__(self, to: BaseForm | HttpRequest | None = None):
        self.to = to
        self.error: ValidationError | None = None

    @property
    def message(self) -> str:
        """The refusal as one line; empty when the service did not refuse."""
        return error_message(self.error) if self.error is not None else ""

    def __enter__(self) -> "service_call":
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if not isinstance(exc, ValidationError):
            return False
        self.error = exc
        if isinstance(self.to, BaseForm):
            add_refusal(self.to, exc)
        elif isinstance(self.to, HttpRequest):
            messages.error(self.to, self.message)
        return True
