import pytest
from django.core.management import call_command

from assessments.demo import ASSESSMENTS
from assessments.models import Assessment, StartDecision
from clients.models import Client
from programming.models import AssignmentChange


@pytest.mark.django_db
def test_seed_demo_assesses_every_demo_client_once_and_one_twice(screens):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    clients = Client.objects.filter(email__in=ASSESSMENTS)
    assert clients.count() == len(ASSESSMENTS)
    counts = {c.email: c.assessments.count() for c in clients}
    assert counts.pop("client@example.com") == 2
    assert set(counts.values()) == {1}
    assert not Assessment.objects.filter(status=Assessment.Status.DRAFT).exists()

    first, latest = Assessment.objects.filter(
        client__email="client@example.com"
    ).order_by("assessed_on")
    assert first.recommendations["hinge"]["position"] == 1
    assert latest.recommendations["hinge"]["position"] > 1

    # A client without assignments was started on the recommended rungs.
    assert StartDecision.objects.exists()
    assert AssignmentChange.objects.filter(reason__startswith="Assessment of").exists()
