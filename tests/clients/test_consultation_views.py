from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.models import Consultation
from clients.services.consultations import NEEDS_CONSENT
from clients.views import CONSULTATIONS_PER_PAGE
from outbox import tasks
from outbox.models import Email
from outbox.services import email_sweep
from tests.factories import AdminFactory, ClientFactory, ConsultationFactory

pytestmark = pytest.mark.django_db

URL = reverse("clients:consultation_request")
THANKS = reverse("clients:consultation_thanks")
VALID = {
    "first_name": "Zoë",
    "last_name": "Ng",
    "email": "zoe@example.com",
    "phone": "+44 (0)20 7946-0000",
    "goals": "Deadlift without back pain.",
    "injuries": "",
    "availability": "Weekday mornings",
    "time_zone": "Europe/Paris",
    "consent": "on",
}


def post(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, {**VALID, **changes})


def test_the_form_asks_for_the_visitors_time_zone_defaulting_to_the_sites(
    client, settings
):
    settings.TIME_ZONE = "Europe/London"
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["form"]["time_zone"].value() == "Europe/London"
    assert "js/time-zone.js" in page.content.decode()


def test_a_visitor_requests_a_consultation_and_sees_the_thank_you_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    AdminFactory(email="owner@example.com")
    response = post(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == THANKS
    consultation = Consultation.objects.get()
    assert consultation.full_name == "Zoë Ng"
    assert consultation.time_zone == "Europe/Paris"
    assert consultation.status == Consultation.Status.NEW
    assert sorted(m.to[0] for m in mailoutbox) == [
        "owner@example.com",
        "zoe@example.com",
    ]
    thanks = client.get(THANKS)
    assert "your request is in" in thanks.content.decode()


def test_without_consent_the_form_says_so_and_nothing_is_stored(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks, consent="")
    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == [NEEDS_CONSENT]
    assert NEEDS_CONSENT in response.content.decode()
    # What the visitor typed is still there.
    assert "Deadlift without back pain." in response.content.decode()
    assert Consultation.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "A" * 101}, "first_name"),
        ({"last_name": "B" * 101}, "last_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"phone": "1" * 33}, "phone"),
        ({"goals": ""}, "goals"),
        ({"goals": "x" * 2001}, "goals"),
        ({"injuries": "x" * 2001}, "injuries"),
        ({"availability": "x" * 501}, "availability"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
    ],
)
def test_bad_input_is_refused_on_the_field(
    client, changes, field, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Consultation.objects.count() == 0
    assert Email.objects.count() == 0


def test_html_in_any_field_is_stored_as_text_and_escaped_everywhere(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    admin = AdminFactory()
    script = "<script>alert(1)</script>"
    post(
        client,
        django_capture_on_commit_callbacks,
        first_name=f"Zoë {script}",
        goals=script,
        injuries=script,
        availability=script,
    )
    consultation = Consultation.objects.get()
    assert consultation.goals == script

    for message in mailoutbox:
        html = message.alternatives[0].content
        assert "<script>" not in html
    notification = next(m for m in mailoutbox if m.to == [admin.email])
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in notification.alternatives[0].content
    )
    assert script in notification.body  # plain text is text

    client.force_login(admin)
    changelist = client.get(reverse("admin:clients_consultation_changelist"))
    assert "<script>alert" not in changelist.content.decode()
    change = client.get(
        reverse("admin:clients_consultation_change", args=[consultation.pk])
    )
    assert "<script>alert" not in change.content.decode()


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    AdminFactory()
    response = post(client, django_capture_on_commit_callbacks, website="spam.example")
    assert response.status_code == 302
    assert response.url == THANKS
    assert Consultation.objects.count() == 0
    assert Email.objects.count() == 0
    assert mailoutbox == []


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get(URL).content.decode()
    assert 'class="hp-field' in html
    assert 'aria-hidden="true"' in html
    assert 'tabindex="-1"' in html


def test_the_form_needs_its_csrf_token():
    client = HttpClient(enforce_csrf_checks=True)
    assert client.post(URL, VALID).status_code == 403
    assert Consultation.objects.count() == 0


def test_too_many_requests_from_one_address_get_a_clear_429(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CONSULTATION_RATE_LIMIT = "2/h"
    for n in range(2):
        response = post(client, django_capture_on_commit_callbacks, email=f"{n}@ex.com")
        assert response.status_code == 302
    refused = post(client, django_capture_on_commit_callbacks, email="3@ex.com")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert Consultation.objects.count() == 2
    # Reading the form is not counted, and another address is not limited.
    assert client.get(URL).status_code == 200
    other = client.post(URL, {**VALID, "email": "4@ex.com"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_a_cache_outage_lets_the_request_through(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        # Nothing listens on port 1: every connection is refused at once.
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    settings.RATELIMIT_USE_CACHE = "down"
    assert post(client, django_capture_on_commit_callbacks).status_code == 302
    assert Consultation.objects.count() == 1


def test_with_the_broker_down_the_visitor_is_thanked_and_the_sweep_sends_later(
    client, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.email_send_task, "delay", broker_down)
    response = post(client, django_capture_on_commit_callbacks)
    assert response.url == THANKS
    assert Email.objects.get().status == Email.Status.PENDING
    assert mailoutbox == []

    monkeypatch.undo()
    assert email_sweep(now=timezone.now() + timedelta(minutes=1)) == 1
    assert [m.to for m in mailoutbox] == [["zoe@example.com"]]
    assert Email.objects.get().status == Email.Status.SENT


# --- The trainer's page -------------------------------------------------------------


def test_a_trainer_sees_only_the_consultations_assigned_to_them(
    trainer_client, trainer
):
    mine = ConsultationFactory(trainer=trainer)
    ConsultationFactory()
    ConsultationFactory(trainer=ClientFactory().trainer)
    page = trainer_client.get(reverse("clients:consultation_list"))
    assert list(page.context["page"].object_list) == [mine]
    assert reverse("clients:consultation_list") in page.content.decode()  # nav link


def test_the_trainer_filters_by_status_and_survives_a_bad_one(trainer_client, trainer):
    new = ConsultationFactory(trainer=trainer)
    ConsultationFactory(trainer=trainer, status=Consultation.Status.DECLINED)
    url = reverse("clients:consultation_list")
    filtered = trainer_client.get(url, {"status": "new"})
    assert list(filtered.context["page"].object_list) == [new]
    junk = trainer_client.get(url, {"status": "<b>nope</b>", "page": "x"})
    assert junk.status_code == 200
    assert len(junk.context["page"].object_list) == 2


def test_the_trainer_list_paginates_keeping_the_filter(trainer_client, trainer):
    ConsultationFactory.create_batch(CONSULTATIONS_PER_PAGE + 1, trainer=trainer)
    page = trainer_client.get(reverse("clients:consultation_list"), {"status": "new"})
    assert "?status=new&amp;page=2" in page.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_trainer_list_queries_do_not_grow(
    trainer_client, trainer, count, django_assert_max_num_queries
):
    for consultation in ConsultationFactory.create_batch(count, trainer=trainer):
        consultation.client = ClientFactory(trainer=trainer)
        consultation.status = Consultation.Status.CONVERTED
        consultation.save()
    with django_assert_max_num_queries(6):
        response = trainer_client.get(reverse("clients:consultation_list"))
    assert response.status_code == 200


def test_the_trainer_reads_a_consultation_escaped_in_their_time_zone(
    trainer_client, trainer, django_assert_max_num_queries
):
    trainer.time_zone = "Asia/Tokyo"
    trainer.save()
    consultation = ConsultationFactory(
        trainer=trainer,
        goals="<b>Stronger</b>",
        status=Consultation.Status.SCHEDULED,
        scheduled_at=datetime(2030, 1, 7, 1, 0, tzinfo=UTC),
    )
    with django_assert_max_num_queries(5):
        page = trainer_client.get(consultation.get_absolute_url())
    html = page.content.decode()
    assert "&lt;b&gt;Stronger&lt;/b&gt;" in html
    assert "Monday 7 Jan 2030, 10:00 your time" in html
    assert "Mon 01:00 for them" in html  # the factory's visitor is in London


def test_another_trainers_consultation_is_not_found(trainer_client):
    theirs = ConsultationFactory(trainer=ClientFactory().trainer)
    assert trainer_client.get(theirs.get_absolute_url()).status_code == 404
