from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients.models import Client, Consultation


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


def consultation_list_for_trainer(
    *, trainer: User, status: str = ""
) -> QuerySet[Consultation]:
    """The consultations assigned to ``trainer``, newest first, optionally of one
    status."""
    consultations = Consultation.objects.for_trainer(trainer).select_related("client")
    if status:
        consultations = consultations.filter(status=status)
    return consultations


def consultation_get(*, trainer: User, pk: int) -> Consultation:
    """One of the consultations assigned to ``trainer``, or 404."""
    return get_object_or_404(
        Consultation.objects.for_trainer(trainer).select_related("client"), pk=pk
    )
