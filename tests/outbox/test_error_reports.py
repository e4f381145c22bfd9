"""Server errors reach the admins through the outbox, counted, once an hour at most,
without what the visitor sent; a failed database is left to the log, and an oversize
request is a 400 that reports nothing. Django's AdminEmailHandler, which this
replaces, sent one email per error from the request, with its POST data."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox import handlers
from outbox.handlers import NOT_WRITTEN
from outbox.models import Email, ErrorReport
from outbox.reports import GATHER, error_report_sweep, period_start
from outbox.tasks import error_report_sweep_task
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db

OWNER = "owner@example.com"
TYPED = "my-knee-hurts-when-i-squat"  # what a visitor typed into a form
NOON = "2026-12-07T12:00:05Z"


@pytest.fixture(autouse=True)
def _admins(settings):
    settings.ADMINS = [("Owner", OWNER), ("Partner", "partner@example.com")]


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run beat's sweep once the gathering minute is over, emails sent on commit."""

    def run(after: timedelta = GATHER) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return error_report_sweep(now=timezone.now() + after)

    return run


def owner_emails(mailoutbox):
    return [email for email in mailoutbox if email.to == [OWNER]]


@pytest.mark.urls("tests.outbox.error_urls")
def test_fifty_identical_errors_are_one_email_with_their_count(
    browser, mailoutbox, sweep
):
    for pk in range(50):  # one route, fifty paths: the same error
        assert browser.get(f"/broken/{pk}/").status_code == 500
    assert mailoutbox == []  # nothing is sent from the request

    [report] = ErrorReport.objects.all()
    assert report.count == 50
    assert report.title == "ValueError at broken/<int:pk>/"
    assert sweep() == 1

    [email] = owner_emails(mailoutbox)
    assert email.subject == "Server error: ValueError at broken/<int:pk>/ (50 times)"
    assert "It happened 50 times" in email.body
    assert len(mailoutbox) == 2  # one for each admin
    assert sweep() == 0
    assert len(mailoutbox) == 2


@pytest.mark.urls("tests.outbox.error_urls")
def test_a_report_waits_a_minute_to_gather_its_burst(browser, mailoutbox, sweep):
    browser.get("/broken/1/")
    assert sweep(after=GATHER - timedelta(seconds=5)) == 0
    assert not Email.objects.exists()
    assert sweep() == 1


@pytest.mark.urls("tests.outbox.error_urls")
def test_the_same_error_is_emailed_once_an_hour_and_counted_after(
    browser, mailoutbox, sweep
):
    with time_machine.travel(NOON, tick=False) as clock:
        browser.get("/broken/1/")
        sweep()
        clock.shift(timedelta(minutes=30))
        for _ in range(3):
            browser.get("/broken/2/")
        sweep()
        assert len(owner_emails(mailoutbox)) == 1
        assert ErrorReport.objects.get().count == 4  # the admin keeps counting

        clock.shift(timedelta(minutes=30))  # the next hour
        browser.get("/broken/3/")
        sweep()
    assert len(owner_emails(mailoutbox)) == 2
    assert [r.count for r in ErrorReport.objects.order_by("first_at")] == [4, 1]


@pytest.mark.urls("tests.outbox.error_urls")
def test_different_errors_are_reported_apart(browser, mailoutbox, sweep):
    browser.get("/broken/1/")
    browser.get("/other-broken/")
    assert sweep() == 2
    subjects = sorted(email.subject for email in owner_emails(mailoutbox))
    assert subjects == [
        "Server error: KeyError at other-broken/ (1 time)",
        "Server error: ValueError at broken/<int:pk>/ (1 time)",
    ]


@pytest.mark.urls("tests.outbox.error_urls")
def test_the_report_leaves_out_what_the_request_carried(mailoutbox, sweep, client):
    browser = Client(raise_request_exception=False, enforce_csrf_checks=True)
    browser.get(reverse("newsletter:subscribe"))  # a CSRF cookie
    token = browser.cookies["csrftoken"].value
    browser.cookies["sessionid"] = "a-session-of-someone"
    response = browser.post(
        "/broken/7/?q=query-words",
        {"csrfmiddlewaretoken": token, "note": TYPED},
        HTTP_X_SECRET_HEADER="header-value",
    )
    assert response.status_code == 500
    sweep()
    [email] = owner_emails(mailoutbox)
    report = ErrorReport.objects.get()
    assert "Request: POST /broken/7/ (route broken/<int:pk>/)" in report.details
    assert "ValueError: client 7 has no program" in report.details
    for carried in (TYPED, token, "a-session-of-someone", "header-value", "query"):
        assert carried not in report.details
        assert carried not in email.body
        assert carried not in email.alternatives[0].content


@pytest.mark.urls("tests.outbox.error_urls")
def test_the_report_names_the_signed_in_user_by_id(browser):
    trainer = TrainerFactory()
    browser.force_login(trainer)
    browser.get("/broken/1/")
    details = ErrorReport.objects.get().details
    assert f"user {trainer.pk}, answered 500" in details
    assert trainer.email not in details


@pytest.mark.urls("tests.outbox.error_urls")
def test_a_failed_database_is_left_to_the_log(browser, mailoutbox, caplog):
    assert browser.get("/database-down/").status_code == 500
    assert not ErrorReport.objects.exists()
    assert "OperationalError" in caplog.text


@pytest.mark.urls("tests.outbox.error_urls")
def test_a_report_that_cannot_be_written_is_left_to_the_log(
    browser, monkeypatch, caplog
):
    def fail(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("outbox.reports.error_report_record", fail)
    assert browser.get("/broken/1/").status_code == 500
    assert NOT_WRITTEN in caplog.text
    assert "ValueError" in caplog.text


def test_an_error_raised_from_a_database_failure_is_one_too():
    def save_workout():
        try:
            raise handlers.OperationalError("server closed the connection")
        except handlers.OperationalError as exc:
            raise RuntimeError("could not save the workout") from exc

    with pytest.raises(RuntimeError) as raised:
        save_workout()
    assert handlers.is_database_failure(raised.value)
    assert not handlers.is_database_failure(ValueError("no"))


def test_an_error_logged_without_a_request_is_reported(mailoutbox, sweep):
    try:
        raise RuntimeError("template broke")
    except RuntimeError:
        logging.getLogger("django.template").error("Render failed", exc_info=True)
    sweep()
    [email] = owner_emails(mailoutbox)
    assert "RuntimeError at django.template" in email.subject


def test_without_admins_a_report_is_kept_and_sends_nothing(settings, sweep):
    settings.ADMINS = []
    logging.getLogger("django.request").error("Internal Server Error: /x/")
    assert sweep() == 1
    assert ErrorReport.objects.get().emailed_at is not None
    assert not Email.objects.exists()


def test_the_periods_are_clock_hours():
    start = period_start(timezone.now())
    assert start.minute == start.second == 0
    assert timezone.now() - start < timedelta(hours=1)


def test_the_task_runs_the_sweep(mailoutbox):
    logging.getLogger("django.request").error("Internal Server Error: /x/")
    with time_machine.travel(timezone.now() + GATHER, tick=False):
        assert error_report_sweep_task.delay().get() == 1


# --- Oversize requests ------------------------------------------------------------


def test_a_3_mb_post_to_the_newsletter_form_sends_nothing(mailoutbox, sweep):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:subscribe")
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    body = {
        "csrfmiddlewaretoken": token,
        "email": "a@example.com",
        "x": "a" * 3_000_000,
    }
    response = browser.post(url, body)
    assert response.status_code == 400
    sweep()
    assert not ErrorReport.objects.exists()
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_too_many_fields_is_a_400_that_sends_nothing(mailoutbox, sweep):
    fields = {f"field{n}": "x" for n in range(1_100)}
    response = Client().post(reverse("clients:consultation_request"), fields)
    assert response.status_code == 400
    sweep()
    assert not ErrorReport.objects.exists()
    assert mailoutbox == []
