"""Every write of the screening app: answering the health questions, clearance,
consent, signing the waiver, overrides of the gate, and lapse reminders.

Each service validates everything first and writes nothing on a refusal (each is
atomic); its messages are the constants below.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clients.models import Client
from core.images import image_clean
from outbox.services import EmailAttachment, absolute_url, email_queue
from screening.gate import current_wording
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
from screening.selectors import (
    form_token,
    questionnaire_current,
    signed_copy,
    signed_copy_filename,
)

NOT_CURRENT_VERSION = (
    "These questions have changed since the page opened: answer again."
)
UNANSWERED = "Answer yes or no."
WHERE_NEEDED = "Say where: which bone, joint or part of your back."
CONSENT_NEEDED = "Agree that your answers are kept, or they cannot be recorded."
REPLAYED = "This form was already sent: your answers are on file."
NOT_WAIVER_VERSION = "This is not the waiver to sign now: reload the page."
TEXT_CHANGED = "The waiver's text changed since the page opened: read it again."
ALREADY_SIGNED = "You have already signed this version of the waiver."
AGREE_NEEDED = "Agree to sign electronically."
NAME_NEEDED = "Type your full name to sign."
GUARDIAN_NEEDED = "A parent or guardian signs for a minor: type their name."
NO_CLEARANCE_NEEDED = "This screening does not need a clearance."
CLEARANCE_DONE = "The clearance of this screening is already recorded."
CLEARED_IN_FUTURE = "The date of the clearance cannot be in the future."
NOT_A_DOCUMENT = "Upload the clearance as a PDF or a picture (PNG, JPEG or WebP)."
DOCUMENT_TOO_BIG = "Upload a document of at most 5 MB."
REASON_NEEDED = "Say why training may start without it."
ALREADY_OVERRIDDEN = "Training already may start: an override stands."
NO_OVERRIDE = "There is no override to end."
NOTHING_TO_WITHDRAW = "There is no consent to withdraw."
NO_SCREENING = "There is no screening on file."

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
REMIND_DAYS = 30
# How long a page's form stays good; longer than anyone reads a waiver.
FORM_MAX_AGE = 24 * 60 * 60


# --- The questions --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    outcome: str
    conditions: str
    advice: list[str]


def outcome_of(questionnaire: Questionnaire, answers: dict[str, bool]) -> Outcome:
    """The outcome of complete answers: all no is cleared; a yes with no follow-up
    yes is cleared with the conditions noted; a follow-up yes, or a temporary
    question that says ask, needs a professional's clearance; one that says wait
    means wait."""
    conditions, outcome, advice = [], Screening.Outcome.CLEARED, []
    for question in questionnaire.questions:
        if not answers.get(question["key"]):
            continue
        yes = [f for f in question.get("followups", []) if answers.get(f["key"])]
        if yes:
            outcome = Screening.Outcome.NEEDS_CLEARANCE
        elif outcome == Screening.Outcome.CLEARED:
            outcome = Screening.Outcome.CONDITIONS
        conditions.append(question["text"])
        conditions.extend(f"  {f['text']}" for f in yes)
    for item in questionnaire.temporary:
        if answers.get(item["key"]):
            advice.append(item.get("advice", ""))
            if item.get("outcome") == "wait":
                outcome = Screening.Outcome.WAIT
            elif outcome != Screening.Outcome.WAIT:
                outcome = Screening.Outcome.NEEDS_CLEARANCE
    return Outcome(outcome=outcome, conditions="\n".join(conditions), advice=advice)


def _check_token(*, client: Client, kind: str, token: str) -> None:
    try:
        data = signing.loads(token, salt="screening.form", max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(REPLAYED) from None
    if data != signing.loads(
        form_token(client=client, kind=kind), salt="screening.form"
    ):
        raise ValidationError(REPLAYED)


@transaction.atomic
def screening_submit(
    *,
    client: Client,
    questionnaire_id: int,
    answers: dict[str, bool | None],
    where: str = "",
    consent: bool,
    token: str,
) -> Screening:
    """Record ``client``'s answers to the current questions, with their outcome, in
    place of the screening on file. Refused for another version than the current,
    an unanswered question (a follow-up only counts when its question is yes), a
    missing "where", no consent, or a form already sent."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    _check_token(client=client, kind="screening", token=token)
    questionnaire = questionnaire_current()
    if questionnaire is None or questionnaire.pk != questionnaire_id:
        raise ValidationError(NOT_CURRENT_VERSION)
    errors: dict[str, list[str]] = {}
    kept: dict[str, bool] = {}
    where = where.strip()
    for question in questionnaire.questions:
        answer = answers.get(question["key"])
        if answer is None:
            errors[question["key"]] = [UNANSWERED]
            continue
        kept[question["key"]] = answer
        if not answer:
            continue
        for followup in question.get("followups", []):
            if answers.get(followup["key"]) is None:
                errors[followup["key"]] = [UNANSWERED]
            else:
                kept[followup["key"]] = answers[followup["key"]]
        if question.get("asks_where") and not where:
            errors["where"] = [WHERE_NEEDED]
    for item in questionnaire.temporary:
        if answers.get(item["key"]) is None:
            errors[item["key"]] = [UNANSWERED]
        else:
            kept[item["key"]] = answers[item["key"]]
    has_consent = Consent.objects.given().filter(client=client).exists()
    if not consent and not has_consent:
        errors["consent"] = [CONSENT_NEEDED]
    if errors:
        raise ValidationError(errors)
    if not has_consent:
        consent_give(client=client)

    result = outcome_of(questionnaire, kept)
    asks_where = any(
        q.get("asks_where") and kept.get(q["key"]) for q in questionnaire.questions
    )
    now = timezone.now()
    Screening.objects.filter(client=client, ended_at__isnull=True).update(
        ended_at=now, ended_reason="Replaced by a new screening."
    )
    screening = Screening(
        client=client,
        questionnaire=questionnaire,
        answers=kept,
        where=where if asks_where else "",
        outcome=result.outcome,
        conditions=result.conditions,
        valid_until=timezone.localdate() + timedelta(days=VALID_DAYS),
    )
    screening.full_clean()
    screening.save()
    return screening


@transaction.atomic
def screening_health_changed(*, client: Client) -> int:
    """The client says their health has changed: the screening on file ends, and
    they answer again. Idempotent: returns how many ended (0 or 1)."""
    return Screening.objects.filter(client=client, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="The client's health has changed."
    )


def document_clean(data: bytes) -> tuple[bytes, str]:
    """A clearance document judged by its content, not its name: a PDF (its
    signature at the start, its end marker at the end) kept as it is, or a picture
    re-encoded by ``core.images``. Anything else is refused."""
    if len(data) > DOCUMENT_MAX_BYTES:
        raise ValidationError(DOCUMENT_TOO_BIG)
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise ValidationError(NOT_A_DOCUMENT)
        return data, PDF
    try:
        image = image_clean(data)
    except ValidationError:
        raise ValidationError(NOT_A_DOCUMENT) from None
    return image.data, image.content_type


@transaction.atomic
def clearance_record(
    *,
    screening: Screening,
    trainer: User,
    cleared_by: str,
    cleared_on: date,
    document: bytes | None = None,
) -> Screening:
    """Record a health professional's clearance of a screening that needs one: who
    cleared, when, and their document (checked by ``document_clean``)."""
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    errors: dict[str, list[str]] = {}
    if screening.outcome != Screening.Outcome.NEEDS_CLEARANCE:
        raise ValidationError(NO_CLEARANCE_NEEDED)
    if screening.clearance_recorded_at:
        raise ValidationError(CLEARANCE_DONE)
    if cleared_on > timezone.localdate():
        errors["cleared_on"] = [CLEARED_IN_FUTURE]
    content, kind = b"", ""
    if document:
        try:
            content, kind = document_clean(document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    if errors:
        raise ValidationError(errors)
    screening.cleared_by = cleared_by.strip()
    screening.cleared_on = cleared_on
    screening.document = content or None
    screening.document_type = kind
    screening.clearance_recorded_by = trainer
    screening.clearance_recorded_at = timezone.now()
    screening.full_clean()
    screening.save()
    return screening


# --- Consent ------------------------------------------------------------------------


def consent_give(*, client: Client) -> Consent:
    """Record the client's consent to keep their health data, with the current
    wording. Idempotent: a consent already given is returned."""
    existing = Consent.objects.given().filter(client=client).first()
    if existing is not None:
        return existing
    wording = current_wording(Wording.Kind.CONSENT)
    if wording is None:
        raise ValidationError(CONSENT_NEEDED)
    consent = Consent(client=client, wording=wording, given_at=timezone.now())
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, client: Client) -> Consent:
    """Withdraw the client's consent: their answers and clearances are deleted (the
    screening is no longer on file) and the gate applies again. The withdrawal
    itself is kept."""
    consent = Consent.objects.select_for_update().given().filter(client=client).first()
    if consent is None:
        raise ValidationError(NOTHING_TO_WITHDRAW)
    Screening.objects.filter(client=client).delete()
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    return consent


# --- The waiver -----------------------------------------------------------------------


@transaction.atomic
def waiver_sign(
    *,
    client: Client,
    wording_id: int,
    shown_sha256: str,
    agree: bool,
    signed_name: str,
    guardian_name: str = "",
    for_minor: bool = False,
    ip_address: str | None,
    user_agent: str,
    token: str,
) -> Signature:
    """Sign the current waiver: the text's SHA-256 as shown must be the text's now,
    the client agrees to sign electronically and types their name (a parent or
    guardian's too, for a minor). Refused for another version, a second signature,
    or a form already sent. The signed copy is emailed to the client."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    wording = current_wording(Wording.Kind.WAIVER)
    if wording is None or wording.pk != wording_id:
        raise ValidationError(NOT_WAIVER_VERSION)
    if Signature.objects.filter(client=client, wording=wording).exists():
        raise ValidationError(ALREADY_SIGNED)
    _check_token(client=client, kind="signature", token=token)
    if shown_sha256 != wording.sha256:
        raise ValidationError(TEXT_CHANGED)
    errors: dict[str, list[str]] = {}
    if not agree:
        errors["agree"] = [AGREE_NEEDED]
    if not signed_name.strip():
        errors["signed_name"] = [NAME_NEEDED]
    if for_minor and not guardian_name.strip():
        errors["guardian_name"] = [GUARDIAN_NEEDED]
    if errors:
        raise ValidationError(errors)
    signature = Signature(
        client=client,
        wording=wording,
        signed_name=signed_name.strip(),
        guardian_name=guardian_name.strip() if for_minor else "",
        text_sha256=wording.sha256,
        signed_at=timezone.now(),
        ip_address=ip_address,
        user_agent=user_agent[:500],
    )
    signature.full_clean()
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise ValidationError(ALREADY_SIGNED) from None
    _email_signed_copy(signature)
    return signature


def _email_signed_copy(signature: Signature) -> None:
    client = signature.client
    if not client.email:
        return
    email_queue(
        key=f"waiver-signed:{signature.pk}",
        to=client.email,
        template="waiver_signed",
        context={
            "client": client,
            "signature": signature,
            "url": absolute_url(reverse("screening:my_health")),
        },
        attachments=[
            EmailAttachment(
                filename=signed_copy_filename(signature),
                content=signed_copy(signature).encode(),
                mimetype="text/plain",
            )
        ],
    )


# --- The gate -------------------------------------------------------------------------


@transaction.atomic
def override_record(*, client: Client, trainer: User, reason: str) -> Override:
    """Let training start for ``client`` before the screening or waiver is on file,
    with the trainer's reason; it stands until ended."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [REASON_NEEDED]})
    Client.objects.select_for_update().filter(pk=client.pk).first()
    if Override.objects.filter(client=client, ended_at=None).exists():
        raise ValidationError(ALREADY_OVERRIDDEN)
    override = Override(client=client, trainer=trainer, reason=reason)
    override.full_clean()
    override.save()
    return override


def override_end(*, client: Client) -> Override:
    """End the open override: the gate applies again."""
    override = Override.objects.filter(client=client, ended_at=None).first()
    if override is None:
        raise ValidationError(NO_OVERRIDE)
    override.ended_at = timezone.now()
    override.save(update_fields=["ended_at", "updated_at"])
    return override


def gate_switch_set(*, is_on: bool) -> GateSwitch:
    """Turn the gate on or off (the owner's switch). Idempotent."""
    switch, _ = GateSwitch.objects.update_or_create(pk=1, defaults={"is_on": is_on})
    return switch


# --- Lapse reminders ------------------------------------------------------------------


def lapse_reminder_sweep(*, now: datetime) -> int:
    """Email each client whose screening lapses within ``REMIND_DAYS`` days, once
    per screening. Idempotent: each screening is claimed with a conditional UPDATE
    of its ``reminded_at``, and the email is keyed by the screening."""
    today = timezone.localdate(now)
    due = (
        Screening.objects.on_file(today)
        .filter(
            reminded_at__isnull=True,
            valid_until__lte=today + timedelta(days=REMIND_DAYS),
            client__is_active=True,
        )
        .exclude(client__email="")
        .values_list("pk", flat=True)[:500]
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Screening.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            screening = Screening.objects.select_related("client").get(pk=pk)
            email_queue(
                key=f"screening-lapse:{pk}",
                to=screening.client.email,
                template="screening_lapse",
                context={
                    "client": screening.client,
                    "screening": screening,
                    "url": absolute_url(reverse("screening:my_health")),
                },
            )
            sent += 1
    return sent
