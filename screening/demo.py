"""Demo screening: a waiver, and every demo client cleared and signed, so that every
journey of the demo (assessing, moving, scheduling) runs with the gate on. The
client who logs in as client@example.com said yes about their lower back, so the
caution shows. Idempotent: clients already on file are left as they are."""

from datetime import timedelta

from django.utils import timezone

from clients.models import Client
from screening.models import (
    VALID_DAYS,
    Consent,
    GateSwitch,
    Override,
    Questionnaire,
    Screening,
    Signature,
    Wording,
)

DEMO_WAIVER = (
    "Strength training carries a risk of injury. I take part of my own free will, "
    "I follow my trainer's instructions, and I tell my trainer at once about any "
    "pain, dizziness or change in my health.\n\n"
    "(A demo text: the owner writes the business's own waiver in the admin.)"
)
CAUTIONED = {"client@example.com": "Lower back"}
BATCH = 1000


def seed(*, options: dict, log) -> None:
    now = timezone.now()
    waiver, _ = Wording.objects.get_or_create(
        kind=Wording.Kind.WAIVER,
        version=1,
        defaults={"title": "Waiver", "body": DEMO_WAIVER, "published_at": now},
    )
    consent = (
        Wording.objects.filter(kind=Wording.Kind.CONSENT, published_at__isnull=False)
        .order_by("-version")
        .first()
    )
    questionnaire = (
        Questionnaire.objects.filter(published_at__isnull=False)
        .order_by("-version")
        .first()
    )
    if consent is None or questionnaire is None:
        return
    today = timezone.localdate()
    on_file = Screening.objects.on_file(today).values("client")
    clients = list(
        Client.objects.exclude(pk__in=on_file).only(
            "pk", "email", "first_name", "last_name"
        )
    )
    keys = [q["key"] for q in questionnaire.questions]
    screenings, consents, signatures = [], [], []
    for client in clients:
        where = CAUTIONED.get(client.email, "")
        answers = dict.fromkeys(keys, False) | ({"bones": True} if where else {})
        screenings.append(
            Screening(
                client=client,
                questionnaire=questionnaire,
                answers=answers,
                where=where,
                outcome=Screening.Outcome.CONDITIONS
                if where
                else Screening.Outcome.CLEARED,
                conditions=questionnaire.questions[5]["text"] if where else "",
                valid_until=today + timedelta(days=VALID_DAYS),
            )
        )
        consents.append(Consent(client=client, wording=consent, given_at=now))
        signatures.append(
            Signature(
                client=client,
                wording=waiver,
                signed_name=f"{client.first_name} {client.last_name}".strip(),
                text_sha256=waiver.sha256,
                signed_at=now,
            )
        )
    Screening.objects.bulk_create(screenings, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH, ignore_conflicts=True)
    Signature.objects.bulk_create(signatures, batch_size=BATCH, ignore_conflicts=True)
    GateSwitch.objects.get_or_create(pk=1, defaults={"is_on": True})
    first = Client.objects.filter(email="client@example.com").first()
    if first is not None and not Override.objects.filter(client=first).exists():
        # A record of the days before the screening: ended once it was on file.
        Override.objects.create(
            client=first,
            trainer=first.trainer,
            reason="Trained before the health screening was in the app.",
            ended_at=now,
        )
    log(f"Screening: {len(clients)} clients cleared and signed")
