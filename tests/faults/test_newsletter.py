"""A newsletter issue under a worker killed mid-send, counted at a real SMTP
server: the issue is queued in one bulk INSERT, handed to a real worker in batches,
and the worker is killed with a message on the wire."""

import pytest
from django.utils import timezone

from letters.models import Issue
from letters.services import issue_queue
from newsletter.models import Subscriber
from outbox.models import Email
from tests.faults.conftest import settled, tally, wait_until, web_broker
from tests.faults.smtp import Faults

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PATIENCE = 120


def test_a_worker_killed_mid_issue_loses_nothing_and_doubles_at_most_one(
    smtp_server, start_worker, redis_url
):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n}@example.com",
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=now,
        )
        for n in range(150)
    )
    issue = Issue.objects.create(
        subject="The hip hinge",
        body="Push the **hips** back.",
        status=Issue.Status.SCHEDULED,
        send_at=now,
    )
    smtp_server.sink.faults = Faults(delay=0.02, stall={60: 5.0})
    worker = start_worker(soft_time_limit=6, time_limit=8)
    with web_broker(redis_url):
        assert issue_queue(issue_id=issue.pk) == 150
    assert smtp_server.wait_for(60, timeout=PATIENCE)
    worker.kill()

    delivered = len(smtp_server.sink.unique())
    marked = Email.objects.filter(status=Email.Status.SENT).count()
    assert delivered - marked <= 1

    start_worker(soft_time_limit=6, time_limit=8)
    assert wait_until(settled(150), timeout=PATIENCE)
    numbers = tally(
        "newsletter: worker kill -9 mid-issue", expected=150, server=smtp_server
    )
    assert numbers["lost"] == 0, numbers
    assert numbers["duplicated"] <= 1, numbers
    # One copy for each address, each to its own recipient.
    assert len(set(smtp_server.sink.recipients.values())) == 150
