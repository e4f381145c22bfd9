"""Reads for the composed pages: each calls the selectors of the apps it shows."""

import hashlib

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.functions import MD5, Cast
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
    """The trainer's active clients matching ``search``, the dashboard's list: only
    what names each one's row in the cache (``clients_for_rows`` loads the rest)."""
    return (
        Client.objects.for_trainer(trainer)
        .active()
        .search(search)
        .only("pk", "revision")
    )


def clients_for_rows(*, trainer: User, pks: list[int]) -> list[Client]:
    """Those of the trainer's clients, ready for their dashboard rows: each with its
    current rung on every pattern, its active program and the share of its planned
    workouts logged lately, in three queries whatever their number."""
    return list(
        with_compliance(
            clients_with_programming(
                Client.objects.for_trainer(trainer).filter(pk__in=pks)
            )
        )
    )


def clients_revision(*, trainer: User) -> str:
    """One revision for all of the trainer's clients: it changes whenever any of
    theirs does, or a client comes or goes."""
    clients = Client.objects.filter(trainer=trainer)
    revision = Cast("revision", CharField())
    if connection.vendor == "postgresql":
        # Digested where they are: none of the trainer's rows is sent to Python.
        digest = MD5(StringAgg(revision, "", order_by="pk"))
        return clients.aggregate(digest=digest)["digest"] or ""
    revisions = clients.order_by("pk").values_list(revision, flat=True)
    return hashlib.md5("".join(revisions).encode(), usedforsecurity=False).hexdigest()
