from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from clients.models import Client, Consultation
from clients.services import (
    EMAIL_TAKEN,
    consultation_assign,
    consultation_complete,
    consultation_convert,
    consultation_decline,
    consultation_mark_contacted,
    consultation_request,
    consultation_schedule,
)
from clients.services.consultations import (
    ALREADY_CLOSED,
    CANNOT_SCHEDULE,
    CLIENT_EXISTS,
    IN_THE_PAST,
    NEEDS_CONSENT,
    NEEDS_TRAINER,
    NOT_A_TRAINER,
    NOT_NEW,
    NOT_SCHEDULED,
)
from outbox.models import Email
from tests.factories import (
    AdminFactory,
    ClientFactory,
    ConsultationFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Consultation.Status
IN_A_WEEK = datetime(2030, 3, 5, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _a_week_before():
    """Each test runs a week before ``IN_A_WEEK``, so that it stays ahead."""
    with time_machine.travel(IN_A_WEEK - timedelta(days=7)):
        yield


def outbox() -> list[Email]:
    """The emails queued so far, oldest first (sending waits for the commit)."""
    return list(Email.objects.order_by("pk"))


def request(**overrides) -> Consultation:
    data = {
        "first_name": "Zoë",
        "last_name": "Ng",
        "email": "Zoe@Example.com",
        "goals": "Deadlift without back pain.",
        "consent": True,
        "time_zone": "America/New_York",
    }
    return consultation_request(**{**data, **overrides})


def test_a_request_is_acknowledged_and_every_admin_is_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second = AdminFactory(), AdminFactory()
    AdminFactory(is_active=False)
    AdminFactory(is_staff=False)  # cannot open the admin
    with django_capture_on_commit_callbacks(execute=True):
        consultation = request(injuries="Sore knee")

    assert consultation.status == Status.NEW
    assert consultation.email == "zoe@example.com"
    assert consultation.consented_at is not None
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"zoe@example.com", first.email, second.email}
    acknowledgement = by_recipient["zoe@example.com"]
    assert "We have your request" in acknowledgement.subject
    assert acknowledgement.alternatives[0].mimetype == "text/html"
    notification = by_recipient[first.email]
    assert notification.subject == "New consultation request: Zoë Ng"
    assert "Sore knee" in notification.body
    assert f"/admin/clients/consultation/{consultation.pk}/change/" in notification.body


def test_the_acknowledgement_does_not_repeat_what_the_visitor_wrote():
    # Anyone can type anyone's address: the email must not carry their text to it.
    request(goals="Buy cheap pills at spam.example")
    [acknowledgement] = outbox()
    assert "spam.example" not in acknowledgement.body_text + acknowledgement.body_html


def test_a_request_without_consent_is_refused_and_sends_nothing(mailoutbox):
    AdminFactory()
    with pytest.raises(ValidationError) as caught:
        request(consent=False)
    assert caught.value.message_dict == {"consent": [NEEDS_CONSENT]}
    assert Consultation.objects.count() == 0
    assert Email.objects.count() == 0


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValidationError) as caught:
        request(time_zone="Mars/Olympus")
    assert "time_zone" in caught.value.message_dict


def test_assigning_a_trainer_emails_them_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory()
    trainer = TrainerFactory(first_name="Chris")
    with django_capture_on_commit_callbacks(execute=True):
        consultation_assign(consultation=consultation, trainer=trainer)
        consultation_assign(consultation=consultation, trainer=trainer)

    consultation.refresh_from_db()
    assert consultation.trainer == trainer
    assert [m.to for m in mailoutbox] == [[trainer.email]]
    assert "Hello Chris" in mailoutbox[0].body
    assert consultation.get_absolute_url() in mailoutbox[0].body


def test_reassigning_tells_the_new_trainer():
    consultation = ConsultationFactory(trainer=TrainerFactory())
    other = TrainerFactory()
    consultation_assign(consultation=consultation, trainer=other)
    assert [email.to for email in outbox()] == [other.email]


@pytest.mark.parametrize(
    "user",
    [
        lambda: UserFactory(role=User.Role.CLIENT),
        lambda: AdminFactory(),
        lambda: TrainerFactory(is_active=False),
    ],
)
def test_only_an_active_trainer_can_be_assigned(user, mailoutbox):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError, match=NOT_A_TRAINER):
        consultation_assign(consultation=consultation, trainer=user())
    consultation.refresh_from_db()
    assert consultation.trainer is None
    assert mailoutbox == []


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CONVERTED])
def test_a_closed_request_cannot_be_assigned(status):
    consultation = ConsultationFactory(
        status=status,
        client=ClientFactory() if status == Status.CONVERTED else None,
    )
    with pytest.raises(ValidationError) as caught:
        consultation_assign(consultation=consultation, trainer=TrainerFactory())
    assert caught.value.messages == [
        ALREADY_CLOSED.format(
            name=consultation.full_name,
            status=consultation.get_status_display().lower(),
        )
    ]


def test_a_new_request_is_marked_contacted_once():
    consultation = ConsultationFactory()
    consultation_mark_contacted(consultation=consultation)
    consultation_mark_contacted(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.CONTACTED


def test_a_scheduled_consultation_cannot_go_back_to_contacted():
    consultation = ConsultationFactory(status=Status.SCHEDULED, scheduled_at=IN_A_WEEK)
    with pytest.raises(ValidationError) as caught:
        consultation_mark_contacted(consultation=consultation)
    assert caught.value.messages == [
        NOT_NEW.format(name=consultation.full_name, status="scheduled")
    ]


def test_scheduling_emails_the_visitor_the_time_in_their_zone(
    mailoutbox, django_capture_on_commit_callbacks
):
    trainer = TrainerFactory(first_name="Chris", last_name="Coach", time_zone="UTC")
    consultation = ConsultationFactory(
        trainer=trainer, time_zone="America/New_York", status=Status.CONTACTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)

    consultation.refresh_from_db()
    assert consultation.status == Status.SCHEDULED
    assert consultation.scheduled_at == IN_A_WEEK
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {consultation.email, trainer.email}
    to_visitor, to_trainer = (
        by_recipient[consultation.email],
        by_recipient[trainer.email],
    )
    # 14:30 UTC is 09:30 in New York in March 2030 (before daylight saving starts).
    assert to_visitor.subject == "Your consultation is booked: Tuesday 5 March, 09:30"
    assert "Tuesday 5 March 2030, 09:30 (America/New_York time)" in to_visitor.body
    assert "with Chris Coach" in to_visitor.body
    assert "09:30" in to_visitor.alternatives[0].content
    assert "14:30" in to_trainer.subject


def test_the_confirmation_carries_the_time_as_a_calendar_event(
    mailoutbox, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(
        trainer=TrainerFactory(first_name="Chris", last_name="Coach")
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)
        consultation_schedule(
            consultation=consultation, starts_at=IN_A_WEEK + timedelta(hours=2)
        )

    to_visitor = [m for m in mailoutbox if m.to == [consultation.email]]
    events = []
    for message in to_visitor:
        [(filename, content, mimetype)] = message.attachments
        assert (filename, mimetype) == ("consultation.ics", "text/calendar")
        [event] = Calendar.from_ical(content).walk("VEVENT")
        events.append(event)
    first, moved = events
    assert first.start == IN_A_WEEK
    assert first.end == IN_A_WEEK + timedelta(hours=1)
    assert str(first["SUMMARY"]) == (
        "Initial consultation and assessment with Chris Coach"
    )
    # The moved consultation updates the event a calendar app already has.
    assert moved.start == IN_A_WEEK + timedelta(hours=2)
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] >= first["SEQUENCE"]


def test_the_same_time_twice_sends_one_confirmation_and_a_new_time_another():
    consultation = ConsultationFactory()
    consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)
    consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)
    assert len(outbox()) == 1
    later = IN_A_WEEK + timedelta(days=1)
    consultation_schedule(consultation=consultation, starts_at=later)
    assert len(outbox()) == 2
    assert "Wednesday 6 March" in outbox()[1].subject


def test_a_time_in_the_past_is_refused(mailoutbox):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError, match=IN_THE_PAST):
        consultation_schedule(
            consultation=consultation, starts_at=timezone.now() - timedelta(minutes=1)
        )
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert mailoutbox == []


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.DECLINED])
def test_a_completed_or_declined_consultation_cannot_be_scheduled(status):
    consultation = ConsultationFactory(status=status, scheduled_at=IN_A_WEEK)
    with pytest.raises(ValidationError) as caught:
        consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)
    assert caught.value.messages == [
        CANNOT_SCHEDULE.format(name=consultation.full_name, status=status.label.lower())
    ]


def test_only_a_scheduled_consultation_is_completed():
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError) as caught:
        consultation_complete(consultation=consultation)
    assert caught.value.messages == [
        NOT_SCHEDULED.format(name=consultation.full_name, status="new")
    ]
    consultation_schedule(consultation=consultation, starts_at=IN_A_WEEK)
    consultation_complete(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.COMPLETED


def test_declining_closes_the_request_and_emails_nobody(mailoutbox):
    consultation = ConsultationFactory()
    consultation_decline(consultation=consultation)
    consultation_decline(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.DECLINED
    assert mailoutbox == []


def test_converting_creates_the_client_under_the_trainer_and_invites_them(
    mailoutbox, django_capture_on_commit_callbacks
):
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")
    consultation = ConsultationFactory(
        trainer=trainer,
        first_name="Zoë",
        last_name="Ng",
        email="zoe@example.com",
        phone="+44 20 7946 0000",
        goals="Deadlift without back pain.",
        injuries="Sore lower back.",
        availability="Weekday mornings",
        status=Status.COMPLETED,
        scheduled_at=IN_A_WEEK,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client = consultation_convert(consultation=consultation)

    assert client.trainer == trainer
    assert (client.first_name, client.last_name) == ("Zoë", "Ng")
    assert client.email == "zoe@example.com"
    assert client.phone == "+44 20 7946 0000"
    assert "Goals: Deadlift without back pain." in client.notes
    assert "Injuries or pain: Sore lower back." in client.notes
    assert "Preferred days and times: Weekday mornings" in client.notes
    assert client.user.role == User.Role.CLIENT
    assert not client.user.has_usable_password()
    consultation.refresh_from_db()
    assert consultation.status == Status.CONVERTED
    assert consultation.client == client
    [invitation] = mailoutbox
    assert invitation.to == ["zoe@example.com"]
    assert "Chris Coach has set up your login" in invitation.body
    assert "/accounts/reset/" in invitation.body
    assert Email.objects.get().key == f"consultation-convert:{consultation.pk}"


def test_converting_twice_makes_one_client_and_sends_one_invitation(
    mailoutbox, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(trainer=TrainerFactory())
    with django_capture_on_commit_callbacks(execute=True):
        first = consultation_convert(consultation=consultation)
        second = consultation_convert(consultation=consultation)
    assert first == second
    assert Client.objects.count() == 1
    assert len(mailoutbox) == 1


def assert_nothing_written(consultation, mailoutbox):
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert consultation.client is None
    assert not Client.objects.filter(email=consultation.email).exists()
    assert not User.objects.filter(email=consultation.email).exists()
    assert mailoutbox == []


def test_converting_needs_an_assigned_trainer(mailoutbox):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError) as caught:
        consultation_convert(consultation=consultation)
    assert caught.value.messages == [NEEDS_TRAINER.format(name=consultation.full_name)]
    assert_nothing_written(consultation, mailoutbox)


def test_converting_an_email_that_already_logs_in_writes_nothing(mailoutbox):
    consultation = ConsultationFactory(trainer=TrainerFactory())
    UserFactory(email=consultation.email)
    with pytest.raises(ValidationError, match=EMAIL_TAKEN):
        consultation_convert(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert Client.objects.count() == 0
    assert mailoutbox == []


def test_converting_refuses_a_second_client_with_the_same_email(mailoutbox):
    trainer = TrainerFactory()
    consultation = ConsultationFactory(trainer=trainer)
    existing = ClientFactory(trainer=trainer, email=consultation.email)
    with pytest.raises(ValidationError) as caught:
        consultation_convert(consultation=consultation)
    assert caught.value.messages == [
        CLIENT_EXISTS.format(trainer=trainer, client=existing)
    ]
    assert Client.objects.count() == 1
    assert mailoutbox == []


def test_a_declined_request_cannot_be_converted():
    consultation = ConsultationFactory(trainer=TrainerFactory(), status=Status.DECLINED)
    with pytest.raises(ValidationError):
        consultation_convert(consultation=consultation)
    assert Client.objects.count() == 0


def test_the_database_refuses_a_scheduled_consultation_without_a_time():
    consultation = ConsultationFactory.build(status=Status.SCHEDULED)
    with pytest.raises(ValidationError) as caught:
        consultation.full_clean()
    assert "__all__" in caught.value.message_dict
