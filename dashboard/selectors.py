"""Reads for the composed pages: each calls the selectors of the apps it shows."""

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from clients.models import Client
from programming.selectors import clients_with_programming
from training.selectors import with_compliance


def user_landing_url(*, user: User) -> str:
    """Where a user lands after logging in: trainers on their dashboard, clients on
    their program, admins in the admin."""
    if user.is_trainer:
        return reverse("dashboard:index")
    if user.is_client:
        return reverse("dashboard:my_program")
    return reverse("admin:index")


def client_list_for_dashboard(*, trainer: User, search: str = "") -> QuerySet[Client]:
    """The trainer's active clients, matching ``search``, ready for the dashboard:
    each with its current rung on every pattern, its active program and the share
    of its planned workouts logged lately, in a fixed number of queries."""
    return with_compliance(
        clients_with_programming(
            Client.objects.for_trainer(trainer)
            .active()
            .search(search)
            .select_related("user")
        )
    )
