"""Consultation requests from the public site, from the request to the client."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from clients.ical import consultation_ical
from clients.models import Client, Consultation
from clients.services.clients import client_create, client_invite
from outbox.services import EmailAttachment, absolute_url, email_queue

NEEDS_CONSENT = "Tick the box so that we may contact you about your consultation."
NOT_A_TRAINER = "Choose an active trainer."
ALREADY_CLOSED = "{name}’s request is {status}: it cannot change any more."
NOT_NEW = "{name}’s request is {status}: only a new request can be marked contacted."
CANNOT_SCHEDULE = "{name}’s consultation is {status}: it cannot be scheduled."
NOT_SCHEDULED = (
    "{name}’s consultation is {status}: only a scheduled one can be completed."
)
IN_THE_PAST = "Choose a time in the future."
NEEDS_TRAINER = "Assign a trainer to {name} first: the client will be theirs."
CLIENT_EXISTS = "{trainer} already has a client with this email: {client}."

Status = Consultation.Status
OPEN = {Status.NEW, Status.CONTACTED, Status.SCHEDULED, Status.COMPLETED}
# The statuses each step moves a request on from, by the admin action that takes it:
# only there is it offered. A converted or declined request is closed: none is.
STEPS_FROM = {
    "assign_trainer": OPEN,
    "mark_contacted": {Status.NEW},
    "schedule": {Status.NEW, Status.CONTACTED, Status.SCHEDULED},
    "mark_completed": {Status.SCHEDULED},
    "decline": OPEN,
    "convert_to_client": OPEN,
}


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("trainer")
        .get(pk=consultation.pk)
    )


def _require(consultation: Consultation, allowed: set[str], message: str) -> None:
    if consultation.status not in allowed:
        raise ValidationError(
            message.format(
                name=consultation.full_name,
                status=consultation.get_status_display().lower(),
            )
        )


def _save(consultation: Consultation, *fields: str) -> None:
    consultation.full_clean()
    consultation.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def consultation_request(
    *,
    first_name: str,
    email: str,
    goals: str,
    consent: bool,
    last_name: str = "",
    phone: str = "",
    injuries: str = "",
    availability: str = "",
    time_zone: str = "",
    now: datetime | None = None,
) -> Consultation:
    """Record a request for the initial consultation and assessment, and queue the
    visitor's acknowledgement and a notification to every admin. Refused without
    consent to be contacted."""
    if not consent:
        raise ValidationError({"consent": NEEDS_CONSENT})
    consultation = Consultation(
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        goals=goals,
        injuries=injuries,
        availability=availability,
        time_zone=time_zone or settings.TIME_ZONE,
        consented_at=now or timezone.now(),
    )
    consultation.full_clean()
    consultation.save()
    email_queue(
        key=f"consultation-received:{consultation.pk}",
        to=consultation.email,
        template="consultation_received",
        context={"consultation": consultation},
    )
    admin_url = absolute_url(
        reverse("admin:clients_consultation_change", args=[consultation.pk])
    )
    admins = User.objects.filter(role=User.Role.ADMIN, is_staff=True, is_active=True)
    for admin in admins:
        email_queue(
            key=f"consultation-new:{consultation.pk}:{admin.pk}",
            to=admin.email,
            template="consultation_new",
            context={
                "consultation": consultation,
                "recipient": admin,
                "url": admin_url,
            },
        )
    return consultation


def _notify_trainer(consultation: Consultation, *, key: str, template: str) -> None:
    trainer = consultation.trainer
    email_queue(
        key=key,
        to=trainer.email,
        template=template,
        context={
            "consultation": consultation,
            "recipient": trainer,
            "url": absolute_url(consultation.get_absolute_url()),
        },
    )


@transaction.atomic
def consultation_assign(*, consultation: Consultation, trainer: User) -> Consultation:
    """Give an open request to a trainer, who is emailed about it. Idempotent:
    assigning the same trainer again changes nothing and sends nothing."""
    if not (trainer.is_trainer and trainer.is_active):
        raise ValidationError(NOT_A_TRAINER)
    consultation = _locked(consultation)
    _require(consultation, OPEN, ALREADY_CLOSED)
    if consultation.trainer_id == trainer.pk:
        return consultation
    consultation.trainer = trainer
    _save(consultation, "trainer")
    _notify_trainer(
        consultation,
        key=f"consultation-assigned:{consultation.pk}:{trainer.pk}",
        template="consultation_assigned",
    )
    return consultation


@transaction.atomic
def consultation_mark_contacted(*, consultation: Consultation) -> Consultation:
    """Record that someone has been in touch with a new request. Idempotent."""
    consultation = _locked(consultation)
    _require(consultation, {Status.NEW, Status.CONTACTED}, NOT_NEW)
    consultation.status = Status.CONTACTED
    _save(consultation, "status")
    return consultation


@transaction.atomic
def consultation_schedule(
    *, consultation: Consultation, starts_at: datetime, now: datetime | None = None
) -> Consultation:
    """Book the consultation at ``starts_at``. The visitor is emailed a confirmation
    with the time in their zone, and the assigned trainer is told. Idempotent per
    time: booking the same time again sends nothing; a new time sends again."""
    if starts_at <= (now or timezone.now()):
        raise ValidationError(IN_THE_PAST)
    consultation = _locked(consultation)
    _require(
        consultation, {Status.NEW, Status.CONTACTED, Status.SCHEDULED}, CANNOT_SCHEDULE
    )
    consultation.status = Status.SCHEDULED
    consultation.scheduled_at = starts_at
    _save(consultation, "status", "scheduled_at")
    stamp = f"{starts_at.timestamp():.0f}"
    email_queue(
        key=f"consultation-scheduled:{consultation.pk}:{stamp}",
        to=consultation.email,
        template="consultation_scheduled",
        context={"consultation": consultation},
        attachments=[
            EmailAttachment.calendar(
                "consultation.ics",
                consultation_ical(consultation=consultation, now=timezone.now()),
            )
        ],
    )
    if consultation.trainer is not None:
        _notify_trainer(
            consultation,
            key=f"consultation-booked:{consultation.pk}:{consultation.trainer_id}:{stamp}",
            template="consultation_booked",
        )
    return consultation


@transaction.atomic
def consultation_complete(*, consultation: Consultation) -> Consultation:
    """Record that a scheduled consultation took place. Idempotent."""
    consultation = _locked(consultation)
    _require(consultation, {Status.SCHEDULED, Status.COMPLETED}, NOT_SCHEDULED)
    consultation.status = Status.COMPLETED
    _save(consultation, "status")
    return consultation


@transaction.atomic
def consultation_decline(*, consultation: Consultation) -> Consultation:
    """Close a request that will not become a client. Idempotent."""
    consultation = _locked(consultation)
    _require(consultation, OPEN | {Status.DECLINED}, ALREADY_CLOSED)
    consultation.status = Status.DECLINED
    _save(consultation, "status")
    return consultation


def _client_notes(consultation: Consultation) -> str:
    lines = [f"Consultation request of {consultation.created_at:%Y-%m-%d}."]
    lines.append(f"Goals: {consultation.goals}")
    if consultation.injuries:
        lines.append(f"Injuries or pain: {consultation.injuries}")
    if consultation.availability:
        lines.append(f"Preferred days and times: {consultation.availability}")
    return "\n\n".join(lines)


@transaction.atomic
def consultation_convert(*, consultation: Consultation) -> Client:
    """Make the request a client of its assigned trainer, with what the visitor wrote,
    and email them an invitation to set a password.

    Idempotent: converting again returns the same client and sends nothing (the
    invitation's key is this conversion). Refused without an assigned trainer, when
    the trainer already has a client with this email, or when the email already logs
    in; then nothing is written.
    """
    consultation = _locked(consultation)
    if consultation.status == Status.CONVERTED:
        return consultation.client
    _require(consultation, OPEN, ALREADY_CLOSED)
    trainer = consultation.trainer
    if trainer is None:
        raise ValidationError(NEEDS_TRAINER.format(name=consultation.full_name))
    existing = (
        Client.objects.for_trainer(trainer).filter(email=consultation.email).first()
    )
    if existing is not None:
        raise ValidationError(CLIENT_EXISTS.format(trainer=trainer, client=existing))
    client = client_create(
        trainer=trainer,
        first_name=consultation.first_name,
        last_name=consultation.last_name,
        email=consultation.email,
        phone=consultation.phone,
        notes=_client_notes(consultation),
    )
    client_invite(
        client=client, invited_by=trainer, key=f"consultation-convert:{consultation.pk}"
    )
    client.refresh_from_db()  # the invitation gave it a login
    consultation.client = client
    consultation.status = Status.CONVERTED
    _save(consultation, "client", "status")
    return client
