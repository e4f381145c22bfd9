"""The project's routes, and a few that fail, for the error report tests."""

from django.db import OperationalError
from django.urls import include, path


def broken(request, pk):
    raise ValueError(f"client {pk} has no program")


def other_broken(request):
    raise KeyError("hinge")


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1 failed")


urlpatterns = [
    path("broken/<int:pk>/", broken),
    path("other-broken/", other_broken),
    path("database-down/", database_down),
    path("", include("trainer.urls")),
]
