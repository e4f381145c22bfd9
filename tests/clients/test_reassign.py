"""Moving a client to another trainer moves everything of the client, at once and
only to an active trainer. The page-by-page proof is in ``tests/test_authorization``.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from assessments.selectors import assessment_get
from clients.models import Client
from clients.selectors import client_get
from clients.services import NOT_AN_ACTIVE_TRAINER, TRAINER_HAS_EMAIL, client_reassign
from programming.selectors import program_get, program_template_list
from scheduling.selectors import session_get, session_list_today
from tests.factories import (
    AdminFactory,
    AssessmentFactory,
    ClientFactory,
    ClientWithLoginFactory,
    ProgramFactory,
    SessionFactory,
    TrainerFactory,
    UserFactory,
)
from tests.locks import race

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:clients_client_changelist")


@pytest.fixture
def records():
    """A client of one trainer with a program, a session and an assessment, and a
    template of that trainer's that is not the client's."""
    old = TrainerFactory()
    client = ClientWithLoginFactory(trainer=old)
    return {
        "old": old,
        "client": client,
        "program": ProgramFactory(client=client),
        "session": SessionFactory(client=client),
        "assessment": AssessmentFactory(client=client),
        "template": ProgramFactory(client=None, owner=old),
    }


def _reachable(trainer, records) -> set[str]:
    reads = {
        "client": lambda: client_get(trainer=trainer, pk=records["client"].pk),
        "program": lambda: program_get(trainer=trainer, pk=records["program"].pk),
        "session": lambda: session_get(trainer=trainer, pk=records["session"].pk),
        "assessment": lambda: assessment_get(
            trainer=trainer, pk=records["assessment"].pk
        ),
    }
    found = set()
    for name, read in reads.items():
        try:
            read()
        except Http404:
            continue
        found.add(name)
    return found


def test_everything_of_the_client_moves_and_their_login_stays(records):
    new = TrainerFactory()
    login = records["client"].user
    client_reassign(client=records["client"], trainer=new)
    everything = {"client", "program", "session", "assessment"}
    assert _reachable(new, records) == everything
    assert _reachable(records["old"], records) == set()
    assert Client.objects.get(pk=records["client"].pk).user == login
    # A template is the trainer's own, not the client's: it stays.
    assert list(program_template_list(trainer=records["old"])) == [records["template"]]


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(role="client"),
        AdminFactory,
        lambda: TrainerFactory(is_active=False),
    ],
    ids=["a client", "an admin", "an inactive trainer"],
)
def test_only_an_active_trainer_can_take_a_client(records, make):
    someone = make()
    with pytest.raises(ValidationError) as refused:
        client_reassign(client=records["client"], trainer=someone)
    name = someone.get_full_name() or someone.email
    assert refused.value.message_dict == {
        "trainer": [NOT_AN_ACTIVE_TRAINER.format(name=name)]
    }
    assert _reachable(records["old"], records) == {
        "client",
        "program",
        "session",
        "assessment",
    }


def test_a_trainer_cannot_get_two_clients_with_one_email(records):
    new = TrainerFactory(first_name="Robin", last_name="Hale")
    ClientFactory(trainer=new, email=records["client"].email.upper())
    with pytest.raises(ValidationError) as refused:
        client_reassign(client=records["client"], trainer=new)
    assert refused.value.messages == [
        TRAINER_HAS_EMAIL.format(trainer="Robin Hale", email=records["client"].email)
    ]
    assert Client.objects.get(pk=records["client"].pk).trainer == records["old"]


def test_reassigning_to_the_same_trainer_changes_nothing(records):
    before = Client.objects.get(pk=records["client"].pk).updated_at
    client_reassign(client=records["client"], trainer=records["old"])
    assert Client.objects.get(pk=records["client"].pk).updated_at == before


def test_the_new_trainers_day_lists_the_clients_sessions(records):
    new = TrainerFactory()
    client_reassign(client=records["client"], trainer=new)
    session = records["session"]
    today = session_list_today(trainer=new, now=session.starts_at)
    assert list(today) == [session]
    assert list(session_list_today(trainer=records["old"], now=session.starts_at)) == []


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def test_the_admin_moves_clients_with_an_action(admin_client, records):
    new = TrainerFactory(first_name="Robin", last_name="Hale")
    payload = {"action": "reassign", ACTION_CHECKBOX_NAME: [records["client"].pk]}
    page = admin_client.post(CHANGELIST, payload)
    assert "Move to another trainer" in page.content.decode()
    assert Client.objects.get(pk=records["client"].pk).trainer == records["old"]

    done = admin_client.post(
        CHANGELIST, {**payload, "trainer": new.pk, "apply": "1"}, follow=True
    )
    assert "1 client moved to Robin Hale" in done.content.decode()
    assert _reachable(new, records) == {"client", "program", "session", "assessment"}


def test_the_admin_change_page_moves_the_client_through_the_service(
    admin_client, records
):
    client = records["client"]
    url = reverse("admin:clients_client_change", args=[client.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    inactive = TrainerFactory(is_active=False)
    refused = admin_client.post(url, {**data, "trainer": inactive.pk})
    assert refused.status_code == 200
    assert Client.objects.get(pk=client.pk).trainer == records["old"]

    new = TrainerFactory()
    moved = admin_client.post(url, {**data, "trainer": new.pk, "notes": "Moved"})
    assert moved.status_code == 302
    client.refresh_from_db()
    assert (client.trainer, client.notes) == (new, "Moved")
    assert _reachable(new, records) == {"client", "program", "session", "assessment"}


@pytest.mark.django_db(transaction=True)
def test_two_admins_moving_one_client_at_once_leave_one_trainer(postgres):
    old, first_choice, second_choice = TrainerFactory.create_batch(3)
    client = ClientFactory(trainer=old)
    records = {
        "client": client,
        "program": ProgramFactory(client=client),
        "session": SessionFactory(client=client),
        "assessment": AssessmentFactory(client=client),
    }
    waited = race(
        lambda: client_reassign(client=client, trainer=first_choice),
        lambda: client_reassign(client=client, trainer=second_choice),
    )

    assert waited, "the second move never waited for the first one's lock"
    assert Client.objects.get(pk=client.pk).trainer == second_choice
    everything = {"client", "program", "session", "assessment"}
    assert _reachable(second_choice, records) == everything
    assert _reachable(first_choice, records) == set()
    assert _reachable(old, records) == set()
