"""The training gate: the one rule every path that starts training calls.

``training_gate_check(client=...)`` is called by the services that start training
(``assessment_start``, ``assignment_set`` / ``assignment_progress`` /
``assignment_regress`` and so accepting an assessment's starting rungs,
``program_activate``, ``session_schedule``, ``session_record``, ``series_schedule``),
so every page, admin action, API call and import that reaches them passes through it.
It refuses with a ``ValidationError`` while the owner's switch is on and the client
is not cleared by a screening on file, or has not signed the current waiver, unless
their trainer recorded an override with a reason.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from clients.models import Client
from screening.models import (
    Consent,
    GateSwitch,
    Override,
    Screening,
    Signature,
    Wording,
)

GATE_CLOSED = (
    "{name} cannot start training yet: {missing}. Record it on their health "
    "screening page, or override there with a reason."
)
NO_SCREENING = "no health screening on file"
NO_CLEARANCE = "their screening needs a health professional's clearance"
NO_SIGNATURE = "the current waiver is not signed"


def gate_is_on() -> bool:
    """The owner's switch; on when no row says otherwise (a new install)."""
    row = GateSwitch.objects.filter(pk=1).values_list("is_on", flat=True).first()
    return True if row is None else row


def current_wording(kind: str) -> Wording | None:
    """The newest published version of a waiver or a consent wording."""
    return (
        Wording.objects.filter(kind=kind, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def with_standing(clients: QuerySet[Client], *, today=None) -> QuerySet[Client]:
    """``clients`` annotated with where each stands, in the same one query:
    ``screened`` (a screening on file), ``cleared`` (and training may start on it),
    ``consented``, ``signed`` (the current waiver, or there is none) and
    ``overridden`` (an open override)."""
    today = today or timezone.localdate()
    # Withdrawing consent deletes the answers, so a screening on file has consent.
    on_file = Screening.objects.on_file(today).filter(client=OuterRef("pk"))
    current_waiver = (
        Wording.objects.filter(kind=Wording.Kind.WAIVER, published_at__isnull=False)
        .order_by("-version")
        .values("pk")[:1]
    )
    return clients.annotate(
        screened=Exists(on_file),
        cleared=Exists(
            on_file.filter(
                Q(
                    outcome__in=[
                        Screening.Outcome.CLEARED,
                        Screening.Outcome.CONDITIONS,
                    ]
                )
                | Q(
                    outcome=Screening.Outcome.NEEDS_CLEARANCE,
                    clearance_recorded_at__isnull=False,
                )
            )
        ),
        consented=Exists(Consent.objects.given().filter(client=OuterRef("pk"))),
        signed=~Exists(current_waiver)
        | Exists(
            Signature.objects.filter(
                client=OuterRef("pk"), wording_id=Subquery(current_waiver)
            )
        ),
        overridden=Exists(
            Override.objects.filter(client=OuterRef("pk"), ended_at=None)
        ),
    )


@dataclass(frozen=True)
class Standing:
    screened: bool
    cleared: bool
    signed: bool
    overridden: bool

    @property
    def missing(self) -> list[str]:
        needs = []
        if not self.screened:
            needs.append(NO_SCREENING)
        elif not self.cleared:
            needs.append(NO_CLEARANCE)
        if not self.signed:
            needs.append(NO_SIGNATURE)
        return needs

    @property
    def ready(self) -> bool:
        return not self.missing


def standing_of(client: Client) -> Standing:
    """Where ``client`` stands before training, in one query."""
    row = (
        with_standing(Client.objects.filter(pk=client.pk))
        .values("screened", "cleared", "signed", "overridden")
        .get()
    )
    return Standing(**row)


def training_gate_check(*, client: Client) -> None:
    """Refuse (``ValidationError``) to start training for ``client`` while the gate
    is on and they are not cleared and signed, unless overridden. Two queries."""
    if not gate_is_on():
        return
    standing = standing_of(client)
    if standing.ready or standing.overridden:
        return
    raise ValidationError(
        GATE_CLOSED.format(
            name=client.first_name, missing=" and ".join(standing.missing)
        ),
        code="training_gate",
    )
