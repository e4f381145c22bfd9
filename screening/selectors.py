"""Reads of the screening app. Ownership goes through the client: a trainer reaches
a screening or signature only through one of their own clients."""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from screening.gate import current_wording, gate_is_on, standing_of, with_standing
from screening.models import (
    Consent,
    Override,
    Questionnaire,
    Screening,
    Signature,
    Wording,
)

WAITING_LIMIT = 50


def screening_on_file(*, client: Client) -> Screening | None:
    """The client's screening that counts now, if any."""
    return (
        Screening.objects.on_file(timezone.localdate())
        .filter(client=client)
        .select_related("questionnaire", "clearance_recorded_by")
        .first()
    )


@dataclass
class HealthFile:
    """Everything the client's health page and their trainer's screening page
    show."""

    client: Client
    screening: Screening | None
    consent: Consent | None
    waiver: Wording | None
    signed_current: bool
    signatures: list[Signature]
    override: Override | None
    gate_on: bool

    @property
    def standing(self):
        return standing_of(self.client)


def health_file(*, client: Client) -> HealthFile:
    waiver = current_wording(Wording.Kind.WAIVER)
    signatures = list(Signature.objects.filter(client=client).select_related("wording"))
    return HealthFile(
        client=client,
        screening=screening_on_file(client=client),
        consent=Consent.objects.given().filter(client=client).first(),
        waiver=waiver,
        signed_current=waiver is None
        or any(s.wording_id == waiver.pk for s in signatures),
        signatures=signatures,
        override=Override.objects.filter(client=client, ended_at=None)
        .select_related("trainer")
        .first(),
        gate_on=gate_is_on(),
    )


def signature_get_for_trainer(*, trainer: User, pk: int) -> Signature:
    """A signature of one of the trainer's clients, or 404."""
    return get_object_or_404(
        Signature.objects.select_related("client", "wording"),
        pk=pk,
        client__trainer=trainer,
    )


def signature_get_for_client(*, user: User, pk: int) -> Signature:
    """A signature of the client whose login this is, or 404."""
    return get_object_or_404(
        Signature.objects.select_related("client", "wording"), pk=pk, client__user=user
    )


def clients_waiting(*, trainer: User) -> QuerySet[Client]:
    """The trainer's active clients still waiting for a screening, a clearance or a
    signature, each with what they wait for: one query, whatever their number."""
    return (
        with_standing(Client.objects.for_trainer(trainer).active())
        .filter(Q(cleared=False) | Q(signed=False))
        .order_by("first_name", "last_name", "pk")
        .only("pk", "first_name", "last_name", "trainer_id")
    )


def caution_for(*, client: Client) -> Screening | None:
    """The screening on file whose yes about bones, joints or the back names an
    area, for the caution beside the client's pain."""
    screening = screening_on_file(client=client)
    if screening is None or not screening.where:
        return None
    return screening


def questionnaire_current() -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def form_token(*, client: Client, kind: str) -> str:
    """A token for a form of ``client``: it names the last row of ``kind`` the
    client had when the page opened, so a form sent twice is refused."""
    model = Screening if kind == "screening" else Signature
    last = model.objects.filter(client=client).order_by("-pk").values("pk").first()
    return signing.dumps(
        {"client": client.pk, "kind": kind, "last": last and last["pk"]},
        salt="screening.form",
    )


def signed_copy(signature: Signature) -> str:
    """The signed copy as plain text: the exact text and what the signature
    recorded."""
    return render_to_string("screening/signed_copy.txt", {"signature": signature})


def signed_copy_filename(signature: Signature) -> str:
    return (
        f"waiver-v{signature.wording.version}-signed-{signature.signed_at:%Y%m%d}.txt"
    )
