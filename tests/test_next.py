"""A ``next`` is only ever a path of this site: anything else, a bare word that
``redirect()`` would take for a URL name, an address of another site, falls back
to the view's default page, never a 500. ``core.http.next_path`` is the one place a
view reads it, and the walk at the end holds that."""

import ast
import inspect
from importlib import import_module

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.factories import PASSWORD, SuggestionFactory, TrainerFactory
from tests.test_refusals import _request_modules

pytestmark = pytest.mark.django_db

NOT_PATHS = [
    "-1",
    "dashboard:index",
    "index",
    "https://evil.example/x",
    "//evil.example",
]


def _time_zone(client):
    client.force_login(TrainerFactory())
    return (
        reverse("accounts:time_zone"),
        {"time_zone": "UTC"},
        reverse("dashboard:landing"),
    )


def _accept(client):
    suggestion = SuggestionFactory()
    client.force_login(suggestion.client.trainer)
    url = reverse("training:suggestion_accept", args=[suggestion.pk])
    return url, {}, suggestion.client.get_absolute_url()


def _dismiss(client):
    suggestion = SuggestionFactory()
    client.force_login(suggestion.client.trainer)
    url = reverse("training:suggestion_dismiss", args=[suggestion.pk])
    return url, {"note": "Not yet"}, suggestion.client.get_absolute_url()


@pytest.mark.parametrize("route", [_time_zone, _accept, _dismiss])
@pytest.mark.parametrize("target", NOT_PATHS)
def test_a_next_that_is_no_path_of_this_site_goes_to_the_default_page(
    client, route, target
):
    url, data, default = route(client)
    response = client.post(url, {**data, "next": target})
    assert response.status_code == 302
    assert response["Location"] == default


@pytest.mark.parametrize("route", [_time_zone, _accept, _dismiss])
def test_a_path_of_this_site_is_where_next_goes(client, route):
    url, data, _ = route(client)
    response = client.post(url, {**data, "next": "/clients/?page=2"})
    assert response["Location"] == "/clients/?page=2"


@pytest.mark.parametrize("target", NOT_PATHS)
def test_logging_in_with_a_next_that_is_no_path_lands_by_role(client, target):
    trainer = TrainerFactory()
    response = client.post(
        reverse("login"),
        {"username": trainer.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_no_view_reads_next_but_through_next_path():
    readers = []
    for name in _request_modules():
        tree = ast.parse(inspect.getsource(import_module(name)))
        readers += [
            f"{name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value == "next"
        ]
    assert readers == []
