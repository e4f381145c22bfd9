import pytest
from django.core.management import call_command

from clients.models import Client
from programming.models import Assignment, AssignmentChange, Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def counts() -> tuple[int, int, int]:
    return (
        Assignment.objects.count(),
        AssignmentChange.objects.count(),
        Program.objects.count(),
    )


def test_seed_demo_gives_the_demo_clients_a_living_program_and_is_idempotent():
    call_command("seed_demo", "--clients", "2", verbosity=0)
    alex = Client.objects.get(email="client@example.com")
    assert alex.assignments.count() >= 3
    progressions = AssignmentChange.objects.filter(
        assignment__client=alex, kind="progress"
    )
    assert progressions.count() >= 3
    assert progressions.exclude(reason="").exists()
    active = alex.programs.get(is_active=True)
    assert active.days.count() == 2
    assert Program.objects.filter(client=None).exists(), "a template to start from"
    extra = Client.objects.filter(email__contains="-client-").first()
    assert extra.assignments.count() == 6

    before = counts()
    call_command("seed_demo", "--clients", "2", verbosity=0)
    assert counts() == before
