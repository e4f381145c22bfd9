"""Reads of exports and imports. An export is only ever found by whoever asked for
it."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients.models import Client
from exchange.models import ClientImport, Export

RECENT_EXPORTS = 20


def export_list_for_user(*, user: User) -> QuerySet[Export]:
    """The exports ``user`` asked for, newest first."""
    return Export.objects.filter(requested_by=user).select_related("client")[
        :RECENT_EXPORTS
    ]


def export_get_finished(*, user: User, pk: int) -> Export:
    """One of ``user``'s own exports that was ready to download (and may no longer
    be kept), or 404."""
    finished = [Export.Status.READY, Export.Status.EXPIRED]
    return get_object_or_404(
        Export.objects.filter(requested_by=user, status__in=finished), pk=pk
    )


def client_import_get(*, user: User, pk: int) -> ClientImport:
    """One of the imports ``user`` uploaded, or 404."""
    return get_object_or_404(ClientImport.objects.filter(uploaded_by=user), pk=pk)


def client_import_list(*, user: User) -> QuerySet[ClientImport]:
    return ClientImport.objects.filter(uploaded_by=user).defer("rows")[:10]


def client_choices_for_owner() -> QuerySet[Client]:
    """Every client of the business, for the owner to pick one to export."""
    return Client.objects.select_related("trainer").order_by(
        "first_name", "last_name", "pk"
    )


def client_import_clients(client_import: ClientImport) -> QuerySet[Client]:
    """The clients an applied import made: each row it created, found by its
    trainer and email (or, without an email, its name), as the import itself
    matches an existing client."""
    query = Q()
    for row in client_import.rows:
        if row["action"] != "create":
            continue
        if row["email"]:
            query |= Q(trainer_id=row["trainer_id"], email__iexact=row["email"])
        else:
            query |= Q(
                trainer_id=row["trainer_id"],
                email="",
                first_name__iexact=row["first_name"],
                last_name__iexact=row["last_name"],
            )
    if not query:
        return Client.objects.none()
    return Client.objects.filter(query).order_by("first_name", "last_name", "pk")


def client_import_to_invite(client_import: ClientImport) -> int:
    """How many of the clients an import made have an email and no login yet."""
    if client_import.status != ClientImport.Status.APPLIED:
        return 0
    return (
        client_import_clients(client_import)
        .filter(user__isnull=True)
        .exclude(email="")
        .count()
    )
