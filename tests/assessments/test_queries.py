"""Query budgets: each page costs the same number of queries with one test and one
assessment as with fifty of each."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import RungChoice, assessment_accept, assessment_record
from tests.assessments.conftest import PERFECT
from tests.factories import (
    AssessmentFactory,
    ClientWithLoginFactory,
    ProtocolFactory,
    ScreenTestFactory,
)

pytestmark = pytest.mark.django_db


def finish(assessment: Assessment) -> Assessment:
    results = {
        test.pk: PERFECT.get(test.key, 5) for test in assessment.protocol.tests.all()
    }
    return assessment_record(
        assessment=assessment,
        results=results,
        finish=True,
    )


@pytest.fixture(params=[1, 50], ids=["1 row", "50 rows"])
def sized(request, full_screen):
    """A client with a protocol of the full screen plus ``n`` own tests, two or
    more finished assessments (one accepted), ``n`` drafts and a draft to record."""
    n = request.param
    client = ClientWithLoginFactory()
    trainer = client.trainer
    extra = [ScreenTestFactory(owner=trainer) for _ in range(n)]
    protocol = ProtocolFactory(owner=trainer, tests=[*full_screen.tests.all(), *extra])
    done = [
        finish(AssessmentFactory(client=client, protocol=protocol))
        for _ in range(2 if n == 1 else 5)
    ]
    assessment_accept(
        assessment=done[-1], trainer=trainer, choices=[RungChoice("hinge")]
    )
    AssessmentFactory.create_batch(n, client=client, protocol=protocol)
    return {
        "client": client,
        "protocol": protocol,
        "latest": done[-1],
        "draft": AssessmentFactory(client=client, protocol=protocol),
    }


TRAINER_PAGES = {
    "assessment page": (lambda s: s["latest"].get_absolute_url(), 11),
    # 1 of them for the screening's caution beside the results.
    "record form": (
        lambda s: reverse("assessments:assessment_record", args=[s["draft"].pk]),
        8,
    ),
    "list": (
        lambda s: reverse("assessments:assessment_list", args=[s["client"].pk]),
        7,
    ),
    "comparison": (
        lambda s: reverse("assessments:assessment_compare", args=[s["client"].pk]),
        12,
    ),
    # 4 of them for the progress charts; 1 the unread messages in the menu.
    "client page": (lambda s: s["client"].get_absolute_url(), 16),
    "protocol": (lambda s: s["protocol"].get_absolute_url(), 7),
    "protocol form": (
        lambda s: reverse("assessments:protocol_edit", args=[s["protocol"].pk]),
        8,
    ),
    "protocols": (lambda s: reverse("assessments:protocol_list"), 6),
    "new assessment": (
        lambda s: reverse("assessments:assessment_new", args=[s["client"].pk]),
        6,
    ),
    "rules": (lambda s: reverse("assessments:rules"), 5),
}


@pytest.mark.parametrize("page", TRAINER_PAGES)
def test_trainer_pages_stay_within_their_budget(
    client, sized, page, django_assert_max_num_queries
):
    url, budget = TRAINER_PAGES[page]
    client.force_login(sized["client"].trainer)
    with django_assert_max_num_queries(budget):
        response = client.get(url(sized))
    assert response.status_code == 200


def test_the_comparison_of_two_chosen_assessments_stays_within_budget(
    client, sized, django_assert_max_num_queries
):
    first, second = Assessment.objects.done().filter(client=sized["client"])[:2]
    client.force_login(sized["client"].trainer)
    url = reverse("assessments:assessment_compare", args=[sized["client"].pk])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"first": first.pk, "second": second.pk})
    assert response.context["comparison"] is not None


def test_the_clients_summary_stays_within_budget(
    client, sized, django_assert_max_num_queries
):
    client.force_login(sized["client"].user)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("assessments:my_assessment"))
    assert "Where you are now" in response.text
