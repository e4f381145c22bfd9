from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clients.models import Client
from programming.selectors import clients_with_programming
from trainer.accounts.models import User


def client_list_for_dashboard(*, trainer: User, search: str = "") -> QuerySet[Client]:
    """The trainer's active clients, matching ``search``, ready for the dashboard:
    each with its current rung on every pattern and its active program, in a fixed
    number of queries."""
    return clients_with_programming(
        Client.objects.for_trainer(trainer)
        .active()
        .search(search)
        .select_related("user")
    )


def client_choices(*, trainer: User) -> QuerySet[Client]:
    """The trainer's active clients, to choose one from a list."""
    return Client.objects.for_trainer(trainer).active()


def client_get(*, trainer: User, pk: int) -> Client:
    """One of the trainer's own clients, or 404: another trainer's client does not
    exist as far as this trainer can tell."""
    return get_object_or_404(
        Client.objects.for_trainer(trainer).select_related("user"), pk=pk
    )


def client_for_user(*, user: User) -> Client:
    """The client record of a client's login, or 404."""
    return get_object_or_404(Client.objects.select_related("trainer"), user=user)
