"""The worker's heartbeat, the health route a monitor reads, and what the owner is
told in the admin when the worker stops or emails are stuck."""

from datetime import timedelta

import pytest
import time_machine
from celery import current_app
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from outbox import health
from outbox.health import (
    EMAIL_STUCK,
    EMAILS_STUCK,
    HEARTBEAT_STALE,
    WORKER_NEVER,
    WORKER_STALE,
    heartbeat_record,
)
from outbox.models import Email, Heartbeat
from outbox.tasks import heartbeat_record_task
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db

NOW = "2026-12-07T09:00:00Z"


def email(*, status=Email.Status.PENDING, age=timedelta(0), retry_in=None, key="e"):
    now = timezone.now()
    row = Email.objects.create(
        key=key,
        to="client@example.com",
        subject="Your session",
        body_text="See you",
        status=status,
        retry_at=None if retry_in is None else now + retry_in,
    )
    Email.objects.filter(pk=row.pk).update(created_at=now - age)
    return row


@pytest.fixture
def beating():
    heartbeat_record()


def test_beat_queues_the_heartbeat_well_within_the_staleness():
    schedule = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert schedule["task"] == heartbeat_record_task.name
    assert timedelta(seconds=schedule["schedule"]) * 3 <= HEARTBEAT_STALE


def test_the_heartbeat_task_stamps_the_time():
    with time_machine.travel(NOW, tick=False):
        heartbeat_record_task.delay()
        heartbeat_record_task.delay()
        [beat] = Heartbeat.objects.all()
        assert beat.beat_at == timezone.now()


# --- The health route ------------------------------------------------------------


def test_all_well_is_a_200_of_states_and_ages(client):
    with time_machine.travel(NOW, tick=False):
        heartbeat_record()
        email(status=Email.Status.SENT, age=timedelta(hours=2))
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": {"status": "ok", "last_beat_seconds_ago": 0},
        "outbox": {"status": "ok", "oldest_due_seconds": 0},
    }


def test_a_worker_that_never_beat_is_a_503(client):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["worker"] == {
        "status": "failing",
        "last_beat_seconds_ago": None,
    }


def test_a_stale_heartbeat_is_a_503(client):
    with time_machine.travel(NOW, tick=False) as clock:
        heartbeat_record()
        clock.shift(HEARTBEAT_STALE)
        assert client.get(reverse("health")).status_code == 200
        clock.shift(timedelta(seconds=1))
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["worker"]["last_beat_seconds_ago"] == 181


def test_an_email_due_for_too_long_is_a_503(client):
    with time_machine.travel(NOW, tick=False):
        heartbeat_record()
        email(age=EMAIL_STUCK + timedelta(seconds=30))
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["outbox"] == {"status": "failing", "oldest_due_seconds": 330}


def test_an_email_waiting_for_a_later_retry_is_not_late(client, beating):
    email(age=timedelta(hours=1), retry_in=timedelta(minutes=8))
    assert client.get(reverse("health")).status_code == 200


def test_a_retry_is_late_from_when_it_fell_due(client):
    with time_machine.travel(NOW, tick=False):
        heartbeat_record()
        email(age=timedelta(hours=1), retry_in=-timedelta(minutes=6))
        response = client.get(reverse("health"))
    assert response.json()["outbox"]["oldest_due_seconds"] == 360


def test_a_database_that_does_not_answer_is_a_503(client, monkeypatch, beating):
    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", down)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "failing"
    assert response.json()["worker"]["last_beat_seconds_ago"] is None


def test_a_broker_that_does_not_answer_is_a_503(client, monkeypatch, beating):
    with monkeypatch.context() as patch:
        patch.setattr(current_app.conf, "broker_url", "redis://127.0.0.1:9/0")
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["broker"] == "failing"


def test_the_health_route_reads_two_rows(
    client, beating, django_assert_max_num_queries
):
    for n in range(50):
        email(key=f"e{n}", age=timedelta(minutes=1))
    with django_assert_max_num_queries(3):
        assert client.get(reverse("health")).status_code == 200


# --- The owner, in the admin -----------------------------------------------------


@pytest.fixture
def owner(client):
    client.force_login(AdminFactory())
    return client


def test_the_admin_index_says_when_the_worker_never_reported(owner):
    assert escape(WORKER_NEVER) in owner.get(reverse("admin:index")).text


def test_the_admin_index_says_when_the_worker_went_quiet(owner):
    with time_machine.travel(NOW, tick=False) as clock:
        heartbeat_record()
        clock.shift(timedelta(minutes=7))
        page = owner.get(reverse("admin:index")).text
    assert escape(WORKER_STALE.format(minutes=7)) in page


def test_the_admin_index_is_quiet_when_all_is_well(owner, beating):
    email(age=timedelta(minutes=1))
    page = owner.get(reverse("admin:index")).text
    assert "health-warnings" not in page


def test_the_outbox_list_says_when_emails_are_stuck(owner, beating):
    email(age=timedelta(minutes=12))
    page = owner.get(reverse("admin:outbox_email_changelist")).text
    assert EMAILS_STUCK.format(minutes=12) in page
    assert EMAILS_STUCK.format(minutes=12) in owner.get(reverse("admin:index")).text
