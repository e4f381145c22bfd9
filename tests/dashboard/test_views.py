"""The trainer dashboard and the client page: what they show of each client."""

import re

import pytest
from django.urls import reverse

from dashboard.views import CLIENTS_PER_PAGE
from programming.models import Assignment, Ladder, Pattern
from programming.services import assignment_set, program_activate, program_create
from tests.factories import ClientFactory, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def without_tokens(response) -> str:
    """The page with its CSRF tokens blanked: each response has its own."""
    return re.sub(r'(value=|"X-CSRFToken": )"\w+"', r'\1""', response.content.decode())


def assign_all_patterns(clients) -> None:
    """Every client on rung 1 of all six built-in ladders, in bulk."""
    ladders = {
        ladder.pattern: ladder
        for ladder in Ladder.objects.builtin().prefetch_related("rungs")
    }
    Assignment.objects.bulk_create(
        Assignment(
            client=client,
            pattern=pattern,
            ladder=ladders[pattern],
            variation_id=ladders[pattern].rungs.all()[0].variation_id,
            sets=3,
            reps=8,
        )
        for client in clients
        for pattern in Pattern
    )


def test_the_dashboard_shows_each_clients_rung_and_active_program(
    trainer_client, trainer
):
    alex = ClientFactory(trainer=trainer, first_name="Alex")
    barbell_rdl = Ladder.objects.get(owner=None, pattern="hinge").rungs.get(position=4)
    assignment_set(client=alex, variation=barbell_rdl.variation, changed_by=trainer)
    program = program_create(trainer=trainer, client=alex, name="Block <1>")
    program_activate(program=program)
    ProgramFactory(client=alex, name="Old block")  # not active

    html = trainer_client.get(reverse("dashboard:index")).content.decode()
    assert "Hinge</span>" in html
    assert "4/11" in html
    assert "Barbell RDL" in html
    assert "Block &lt;1&gt;" in html
    assert "Old block" not in html
    assert html.count("Not assigned") == 5


@pytest.mark.parametrize("count", [1, 200])
def test_dashboard_query_budget_holds_from_one_to_200_clients(
    trainer_client, trainer, count, django_assert_max_num_queries
):
    clients = ClientFactory.create_batch(count, trainer=trainer)
    assign_all_patterns(clients)
    for client in clients[:25]:
        ProgramFactory(client=client, is_active=True)
    # Every row missed: rendered, kept; the filters' rungs and tags too.
    with django_assert_max_num_queries(20):  # + screening, unread count, threads
        cold = trainer_client.get(reverse("dashboard:index"))
    with django_assert_max_num_queries(7):  # every row from the cache
        warm = trainer_client.get(reverse("dashboard:index"))
    for response in (cold, warm):
        assert response.content.decode().count("1/11") == min(count, 25)


def test_the_client_page_lists_assignments_history_and_programs(
    trainer_client, coached, trainer
):
    hinge = Ladder.objects.get(owner=None, pattern="hinge")
    assignment_set(
        client=coached,
        variation=hinge.rungs.get(position=2).variation,
        changed_by=trainer,
        reason="Assessment <script>",
    )
    ProgramFactory(client=coached, name="First block")
    html = trainer_client.get(coached.get_absolute_url()).content.decode()
    assert "2/11" in html
    assert "Why: Assessment &lt;script&gt;" in html
    assert "First block" in html
    assert reverse("programming:assignment_progress", args=[coached.pk, "hinge"]) in (
        html
    )


@pytest.mark.parametrize("count", [1, 50])
def test_client_page_query_budget(
    trainer_client, coached, trainer, count, django_assert_max_num_queries
):
    assign_all_patterns([coached])
    for assignment in Assignment.objects.filter(client=coached):
        for _ in range(count):
            assignment.changes.create(
                kind="set", to_variation=assignment.variation, changed_by=trainer
            )
    ProgramFactory.create_batch(min(count, 10), client=coached)
    # 4 of them for the progress charts.
    with django_assert_max_num_queries(17):  # + screening, unread count, threads
        cold = trainer_client.get(coached.get_absolute_url())
    with django_assert_max_num_queries(6):  # + the unread count
        warm = trainer_client.get(coached.get_absolute_url())
    assert without_tokens(warm) == without_tokens(cold)


def test_dashboard_lists_only_the_trainers_own_active_clients(trainer_client, trainer):
    mine = ClientFactory(trainer=trainer, first_name="Mine")
    ClientFactory(trainer=trainer, first_name="Archived", is_active=False)
    ClientFactory(first_name="Theirs")
    page = trainer_client.get(reverse("dashboard:index"))
    assert list(page.context["page"].object_list) == [mine]


def test_dashboard_searches_by_name_and_email(trainer_client, trainer):
    alex = ClientFactory(trainer=trainer, first_name="Alex", last_name="Morgan")
    ClientFactory(trainer=trainer, first_name="Sam", email="sam@example.com")
    found = trainer_client.get(reverse("dashboard:index"), {"q": "alex morg"})
    assert list(found.context["page"].object_list) == [alex]
    none = trainer_client.get(reverse("dashboard:index"), {"q": "<b>zzz</b>"})
    assert "No client matches “&lt;b&gt;zzz&lt;/b&gt;”" in none.content.decode()


def test_dashboard_paginates_and_survives_a_bad_page(trainer_client, trainer):
    ClientFactory.create_batch(CLIENTS_PER_PAGE + 1, trainer=trainer)
    first = trainer_client.get(reverse("dashboard:index"))
    assert len(first.context["page"].object_list) == CLIENTS_PER_PAGE
    last = trainer_client.get(reverse("dashboard:index"), {"page": "999"})
    assert len(last.context["page"].object_list) == 1
    junk = trainer_client.get(reverse("dashboard:index"), {"page": "abc"})
    assert junk.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_queries_do_not_grow_with_clients(
    trainer_client, trainer, count, django_assert_max_num_queries
):
    ClientFactory.create_batch(count, trainer=trainer)
    with django_assert_max_num_queries(20):  # + screening, unread count, threads
        assert trainer_client.get(reverse("dashboard:index")).status_code == 200
