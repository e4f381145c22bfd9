"""The dashboard at hundreds of clients: filters and sort beside the search and the
pages, all in the URL, with a query budget that does not grow with the clients."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientTag
from clients.services import client_tags_set
from dashboard.views import CLIENTS_PER_PAGE
from programming.models import Assignment, Ladder
from programming.services import assignment_set
from tests.dashboard.test_views import assign_all_patterns
from tests.factories import (
    ClientFactory,
    ProgramFactory,
    SessionFactory,
    SuggestionFactory,
    WorkoutFactory,
)
from training.models import Suggestion, Workout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]

NOW = "2026-12-06 10:00Z"


def listed(trainer_client, **params) -> list[str]:
    response = trainer_client.get(reverse("dashboard:index"), params)
    assert response.status_code == 200
    return [c.first_name for c in response.context["page"].object_list]


@pytest.fixture
def clients(trainer):
    names = ["Alex", "Blair", "Casey", "Drew"]
    return {
        n: ClientFactory(trainer=trainer, first_name=n, last_name="") for n in names
    }


@time_machine.travel(NOW, tick=False)
def test_needs_attention_lists_whom_the_attention_list_names(
    trainer_client, trainer, clients
):
    SuggestionFactory(client=clients["Alex"])  # a suggestion waiting
    SessionFactory(  # a missed session last week
        client=clients["Blair"],
        starts_at=timezone.now() - timedelta(days=3),
        attendance="missed",
    )
    ProgramFactory(  # a program ending in three days
        client=clients["Casey"],
        is_active=True,
        ends_on=timezone.localdate() + timedelta(days=3),
    )
    assert listed(trainer_client, attention="on") == ["Alex", "Blair", "Casey"]


@time_machine.travel(NOW, tick=False)
def test_no_active_program_and_no_workout_in_n_days(trainer_client, clients):
    WorkoutFactory(
        client=clients["Alex"], performed_on=timezone.localdate() - timedelta(days=2)
    )
    WorkoutFactory(
        client=clients["Blair"], performed_on=timezone.localdate() - timedelta(days=9)
    )
    ProgramFactory(client=clients["Casey"], is_active=True)
    ProgramFactory(client=clients["Drew"], is_active=False)

    # The workouts' factory gives Alex and Blair a program each, not active.
    assert listed(trainer_client, no_program="on") == ["Alex", "Blair", "Drew"]
    # No workout in 7 days: Blair (9 days ago), and whoever never logged one.
    assert listed(trainer_client, idle="7") == ["Blair", "Casey", "Drew"]
    assert listed(trainer_client, idle="7", no_program="on") == ["Blair", "Drew"]
    # A bad number is left out and said, not a 500.
    response = trainer_client.get(reverse("dashboard:index"), {"idle": "-3"})
    assert len(response.context["page"].object_list) == 4
    assert "No workout in" in response.content.decode()
    assert "(left out)" in response.content.decode()


def test_a_patterns_rung_or_unassigned(trainer_client, trainer, clients):
    hinge = Ladder.objects.get(owner=None, pattern="hinge")
    rdl = hinge.rungs.get(position=4).variation
    dowel = hinge.rungs.get(position=1).variation
    assignment_set(client=clients["Alex"], variation=rdl, changed_by=trainer)
    assignment_set(client=clients["Blair"], variation=dowel, changed_by=trainer)
    assignment_set(client=clients["Casey"], variation=rdl, changed_by=trainer)
    Assignment.objects.filter(client=clients["Casey"]).update(is_current=False)

    assert listed(trainer_client, rung="hinge-4") == ["Alex"]
    assert listed(trainer_client, rung="hinge-1") == ["Blair"]
    assert listed(trainer_client, rung="hinge-none") == ["Casey", "Drew"]
    page = trainer_client.get(reverse("dashboard:index")).content.decode()
    assert "Hinge 4 · Barbell RDL" in page  # the rungs to choose from, by name


def test_a_tag_whatever_its_case_and_a_tag_links_to_its_list(trainer_client, clients):
    client_tags_set(client=clients["Alex"], tags=["Evening", "knee"])
    client_tags_set(client=clients["Casey"], tags=["evening"])

    assert listed(trainer_client, tag="evening") == ["Alex", "Casey"]
    assert listed(trainer_client, tag="KNEE") == ["Alex"]
    page = trainer_client.get(reverse("dashboard:index")).content.decode()
    assert f'href="{reverse("dashboard:index")}?tag=knee"' in page
    assert '<option value="Evening">' in page or '<option value="evening">' in page


@time_machine.travel(NOW, tick=False)
def test_sorts(trainer_client, clients):
    today = timezone.localdate()
    WorkoutFactory(client=clients["Casey"], performed_on=today - timedelta(days=1))
    WorkoutFactory(client=clients["Alex"], performed_on=today - timedelta(days=5))
    SuggestionFactory(client=clients["Drew"])

    assert listed(trainer_client) == ["Alex", "Blair", "Casey", "Drew"]
    assert listed(trainer_client, sort="recent") == ["Casey", "Alex", "Blair", "Drew"]
    assert listed(trainer_client, sort="idle") == ["Blair", "Drew", "Alex", "Casey"]
    assert listed(trainer_client, sort="attention")[0] == "Drew"
    assert listed(trainer_client, sort="newest") == ["Drew", "Casey", "Blair", "Alex"]
    assert listed(trainer_client, sort="sideways") == ["Alex", "Blair", "Casey", "Drew"]


def test_the_view_is_in_the_url_and_the_pages_keep_it(trainer_client, trainer):
    for client in ClientFactory.create_batch(CLIENTS_PER_PAGE + 1, trainer=trainer):
        client_tags_set(client=client, tags=["team"])
    ClientFactory(trainer=trainer)  # untagged: filtered out

    response = trainer_client.get(
        reverse("dashboard:index"), {"tag": "team", "sort": "newest"}
    )
    html = response.content.decode()
    assert "26 clients match" in html
    assert "?tag=team&amp;sort=newest&amp;page=2" in html
    second = trainer_client.get(
        reverse("dashboard:index"), {"tag": "team", "sort": "newest", "page": 2}
    )
    assert len(second.context["page"].object_list) == 1
    assert 'value="newest" selected' in second.content.decode()


def test_no_match_says_so_and_offers_all_clients(trainer_client, clients):
    html = trainer_client.get(
        reverse("dashboard:index"), {"tag": "", "no_program": "on", "attention": "on"}
    ).content.decode()
    assert "No client matches these filters." in html


VIEWS = [
    {},
    {"attention": "on"},
    {"no_program": "on"},
    {"idle": "7"},
    {"rung": "hinge-1"},
    {"rung": "squat-none"},
    {"tag": "team"},
    {"q": "a"},
    {"sort": "attention"},
    {"sort": "idle"},
    {"sort": "recent"},
    {"sort": "newest"},
    {"attention": "on", "idle": "3", "rung": "hinge-1", "tag": "team", "sort": "idle"},
]


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("params", VIEWS, ids=lambda p: "&".join(p) or "all")
def test_each_filter_and_sort_holds_the_query_budget(
    trainer_client, trainer, count, params, django_assert_max_num_queries
):
    clients = ClientFactory.create_batch(count, trainer=trainer)
    assign_all_patterns(clients)
    one = SuggestionFactory(client=clients[0])
    ClientTag.objects.bulk_create(ClientTag(client=c, name="team") for c in clients)
    Suggestion.objects.bulk_create(
        Suggestion(
            client=c,
            pattern=one.pattern,
            kind=one.kind,
            from_variation=one.from_variation,
            to_variation=one.to_variation,
            reason=one.reason,
            rule=one.rule,
            based_on=one.based_on,
        )
        for c in clients[1:]
    )
    Workout.objects.bulk_create(
        Workout(client=c, day_name="A", performed_on=timezone.localdate())
        for c in clients
    )
    url = reverse("dashboard:index")
    # Who needs attention, or the days since a workout, reads the trainer's
    # settings: one query more, whatever the number of clients.
    # The screening's waiting list, the unread count and the threads: three more.
    with django_assert_max_num_queries(21):  # rows, rungs and tags rendered, kept
        cold = trainer_client.get(url, params)
    with django_assert_max_num_queries(8):  # rows, rungs and tags from the cache
        warm = trainer_client.get(url, params)
    assert cold.status_code == warm.status_code == 200
