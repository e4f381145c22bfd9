import pytest
from django.urls import reverse
from django.utils.html import escape

from programming.models import Ladder, Pattern

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pattern", list(Pattern))
def test_each_pattern_has_a_public_page_with_its_ladder_in_order(
    client, library, pattern
):
    response = client.get(reverse("programming:pattern", args=[pattern.value]))
    assert response.status_code == 200
    page = response.content.decode()
    names = [
        rung.variation.name
        for rung in Ladder.objects.get(owner=None, pattern=pattern).rungs.all()
    ]
    positions = [page.index(f'"fw-semibold">{escape(name)}<') for name in names]
    assert positions == sorted(positions)
    assert reverse("clients:consultation_request") in page
    assert f'name="source" value="{pattern.value}"' in page


def test_the_hinge_page_teaches_from_the_top_down(client, library):
    page = client.get(reverse("programming:pattern", args=["hinge"])).content.decode()
    for cue in ["Start standing tall", "Butt back", "Chest up", "Knees out"]:
        assert cue in page
    assert page.index("Hinge with a dowel rod") < page.index("Straight bar deadlift")


def test_an_unknown_pattern_is_not_found(client):
    assert client.get("/patterns/bench-press/").status_code == 404


def test_a_trainers_own_ladder_is_never_on_the_public_page(client, library):
    from tests.factories import LadderFactory

    LadderFactory(pattern=Pattern.HINGE, name="Private ladder", rungs=2)
    page = client.get(reverse("programming:pattern", args=["hinge"])).content.decode()
    assert "Private ladder" not in page
    assert "Variation " not in page


def test_the_home_page_links_every_pattern(client, library):
    page = client.get(reverse("home")).content.decode()
    for pattern in Pattern:
        assert reverse("programming:pattern", args=[pattern.value]) in page


def test_pattern_page_queries_are_few(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get(reverse("programming:pattern", args=["hinge"]))


def test_the_floor_badge_never_repeats_what_the_name_says(client, library):
    page = client.get(reverse("programming:pattern", args=["hinge"])).content.decode()
    ladder = page[page.index('id="ladder"') :]
    for name in [
        "Kettlebell / dumbbell deadlift from the floor",
        "Straight bar deadlift from the ground",
    ]:
        start = ladder.index(escape(name))
        item = ladder[start : ladder.index("</li>", start)]
        assert "badge" not in item, name
