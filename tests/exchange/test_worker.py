"""A client's export built by a real Celery worker on Redis (CI runs it)."""

import zipfile

import pytest
from django.urls import reverse

from exchange.models import Export
from exchange.services.exports import export_path
from outbox.models import Email
from tests.conftest import wait_for
from tests.factories import ClientWithLoginFactory, WorkoutFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_worker_builds_the_export_and_emails_its_link(
    client, celery_worker, mailoutbox
):
    athlete = ClientWithLoginFactory()
    WorkoutFactory(client=athlete, exercises=2)
    client.force_login(athlete.user)

    assert client.post(reverse("exchange:my_export")).status_code == 302

    assert wait_for(lambda: len(mailoutbox) == 1), "the worker sent no email"
    export = Export.objects.get()
    assert export.status == Export.Status.READY
    assert export.get_absolute_url() in mailoutbox[0].body
    assert Email.objects.get().status == Email.Status.SENT
    with zipfile.ZipFile(export_path(export)) as archive:
        assert "training.workoutset.csv" in archive.namelist()
