"""Middleware of the project as a whole."""

import codecs
import logging

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.signals import got_request_exception
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.views import APIView

from core.http import error_message, refusal_detail

logger = logging.getLogger("django.request")


NOT_UTF8 = "This site reads requests in UTF-8 only."


class Utf8Middleware:
    """A request that says its body is in another charset than UTF-8 is refused
    with a 400 before anything reads it. Django reads the query string in that
    charset too, and fails on it where a page writes the query back out (the
    admin's lists: ``UnicodeEncodeError``, a 500); a form in another charset is
    refused by Django anyway, and JSON is UTF-8 by its standard."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.encoding and codecs.lookup(request.encoding).name != "utf-8":
            raise BadRequest(NOT_UTF8)
        return self.get_response(request)


class RefusalMiddleware:
    """The net under ``core.http.service_call``: a service's refusal
    (``ValidationError``) that a view let escape reaches the person as a message,
    never as a 500. A page goes back where the person came from, with the message
    (htmx reloads it); the API answers 400 with the messages, as DRF answers its own
    validation errors.

    Escaping is still a bug of the view, whose form or page should have shown the
    refusal: it is logged as an error with its traceback (mailed to the admins, as a
    500 is), and reported through ``got_request_exception``, the signal on which
    Django's test client re-raises a view's exception, so a test of such a view
    fails as it would on a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        logger.error(
            "A service's refusal escaped its view: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        got_request_exception.send(sender=type(self), request=request)
        if is_api(request):
            return JsonResponse(refusal_detail(exception), status=400)
        messages.error(request, error_message(exception))
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=400, headers={"HX-Refresh": "true"})
        return HttpResponseRedirect(_back(request))


def is_api(request) -> bool:
    match = request.resolver_match
    if match is None:  # refused before the URL was resolved
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    view = getattr(match.func, "cls", None) if match else None
    return isinstance(view, type) and issubclass(view, APIView)


def _back(request) -> str:
    """The page the request came from, when it is one of this site's and not the
    page that just failed to load; else the front page."""
    back = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or (request.method == "GET" and back.endswith(request.get_full_path())):
        return "/"
    return back
