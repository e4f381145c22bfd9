"""Each consultation email through a real Celery worker on Redis (CI runs these)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from clients.models import Consultation
from clients.services import (
    consultation_assign,
    consultation_convert,
    consultation_schedule,
)
from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import AdminFactory, ConsultationFactory, TrainerFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

IN_THE_FUTURE = datetime(2030, 3, 5, 14, 30, tzinfo=UTC)


def delivered(mailoutbox, key: str, to: str) -> bool:
    return Email.objects.filter(
        key=key, to=to, status=Email.Status.SENT
    ).exists() and any(message.to == [to] for message in mailoutbox)


def request_consultation(client) -> Consultation:
    response = client.post(
        reverse("clients:consultation_request"),
        {
            "first_name": "Zoë",
            "email": "zoe@example.com",
            "goals": "Deadlift without back pain.",
            "time_zone": "Europe/London",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return Consultation.objects.get()


def test_the_visitors_acknowledgement(client, celery_worker, mailoutbox):
    consultation = request_consultation(client)
    key = f"consultation-received:{consultation.pk}"
    assert wait_for(lambda: delivered(mailoutbox, key, "zoe@example.com"))


def test_the_admins_notification(client, celery_worker, mailoutbox):
    admin = AdminFactory()
    consultation = request_consultation(client)
    key = f"consultation-new:{consultation.pk}:{admin.pk}"
    assert wait_for(lambda: delivered(mailoutbox, key, admin.email))


def test_the_assigned_trainers_notification(celery_worker, mailoutbox):
    consultation = ConsultationFactory()
    trainer = TrainerFactory()
    consultation_assign(consultation=consultation, trainer=trainer)
    key = f"consultation-assigned:{consultation.pk}:{trainer.pk}"
    assert wait_for(lambda: delivered(mailoutbox, key, trainer.email))


def test_the_visitors_booking_confirmation(celery_worker, mailoutbox):
    consultation = ConsultationFactory()
    consultation_schedule(consultation=consultation, starts_at=IN_THE_FUTURE)
    key = f"consultation-scheduled:{consultation.pk}:{IN_THE_FUTURE.timestamp():.0f}"
    assert wait_for(lambda: delivered(mailoutbox, key, consultation.email))


def test_the_trainers_booking_notification(celery_worker, mailoutbox):
    trainer = TrainerFactory()
    consultation = ConsultationFactory(trainer=trainer)
    consultation_schedule(consultation=consultation, starts_at=IN_THE_FUTURE)
    stamp = f"{IN_THE_FUTURE.timestamp():.0f}"
    key = f"consultation-booked:{consultation.pk}:{trainer.pk}:{stamp}"
    assert wait_for(lambda: delivered(mailoutbox, key, trainer.email))


def test_the_new_clients_invitation(celery_worker, mailoutbox):
    consultation = ConsultationFactory(trainer=TrainerFactory())
    consultation_convert(consultation=consultation)
    key = f"consultation-convert:{consultation.pk}"
    assert wait_for(lambda: delivered(mailoutbox, key, consultation.email))
    assert "/accounts/reset/" in mailoutbox[0].body
