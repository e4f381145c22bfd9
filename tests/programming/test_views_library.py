import pytest
from django.urls import reverse

from programming.models import Ladder, Variation
from programming.services import assignment_set, ladder_copy
from programming.services.library import LADDER_IN_USE
from tests.factories import LadderFactory, TrainerFactory, VariationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def builtin_hinge() -> Ladder:
    return Ladder.objects.get(owner=None, pattern="hinge")


def test_a_trainer_adds_a_variation_with_cues_one_per_line(trainer_client, trainer):
    response = trainer_client.post(
        reverse("programming:variation_new"),
        {
            "name": "Cable pull-through <b>",
            "pattern": "hinge",
            "equipment": "Cable",
            "cues": "Start standing tall\n\n  Butt back  \nChest up",
            "video_url": "https://video.example.com/pull-through",
        },
        follow=True,
    )
    variation = Variation.objects.get(owner=trainer)
    assert variation.cues == ["Start standing tall", "Butt back", "Chest up"]
    assert "Cable pull-through &lt;b&gt; is in your library." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"pattern": "deadlift"}, "pattern"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"cues": "\n".join(["cue"] * 13)}, "cues"),
        ({"cues": "x" * 121}, "cues"),
    ],
)
def test_bad_variations_are_refused_on_the_field(trainer_client, data, field):
    response = trainer_client.post(
        reverse("programming:variation_new"),
        {"name": "Good name", "pattern": "hinge", **data},
    )
    assert field in response.context["form"].errors
    assert not Variation.objects.filter(owner__isnull=False).exists()


def test_two_variations_of_one_trainer_cannot_share_a_name(trainer_client, trainer):
    VariationFactory(owner=trainer, name="Swing")
    response = trainer_client.post(
        reverse("programming:variation_new"), {"name": "swing", "pattern": "hinge"}
    )
    assert "You already have a variation with this name." in (response.content.decode())


def test_built_in_variations_are_read_only_but_can_be_copied(trainer_client, trainer):
    rdl = Variation.objects.get(owner=None, name="Barbell RDL")
    edit = reverse("programming:variation_edit", args=[rdl.pk])
    assert trainer_client.post(edit, {"name": "Mine"}).status_code == 404
    response = trainer_client.post(reverse("programming:variation_copy", args=[rdl.pk]))
    copy = Variation.objects.get(owner=trainer)
    assert response.url == reverse("programming:variation_edit", args=[copy.pk])
    assert (copy.name, copy.cues, copy.copied_from) == (
        "Barbell RDL (copy)",
        rdl.cues,
        rdl,
    )
    rdl.refresh_from_db()
    assert rdl.name == "Barbell RDL"


def test_a_trainers_library_is_private(trainer_client, trainer):
    VariationFactory(owner=TrainerFactory(), name="Their Zercher hold")
    mine = VariationFactory(owner=trainer, name="My Zercher hold")
    page = trainer_client.get(reverse("programming:library"), {"q": "zercher"})
    assert list(page.context["page"].object_list) == [mine]


def test_the_library_filters_by_pattern_and_lists_hinge_first(trainer_client):
    everything = trainer_client.get(reverse("programming:library"))
    assert everything.context["page"].object_list[0].pattern == "hinge"
    carries = trainer_client.get(reverse("programming:library"), {"pattern": "carry"})
    assert {v.pattern for v in carries.context["page"].object_list} == {"carry"}
    junk = trainer_client.get(reverse("programming:library"), {"pattern": "x<y"})
    assert junk.status_code == 200


def test_a_variation_in_use_cannot_be_deleted(trainer_client, trainer, coached):
    own = VariationFactory(owner=trainer)
    assignment_set(client=coached, variation=own, changed_by=trainer)
    url = reverse("programming:variation_delete", args=[own.pk])
    assert trainer_client.get(url).status_code == 200  # asks first
    trainer_client.post(url)
    assert Variation.objects.filter(pk=own.pk).exists()
    unused = VariationFactory(owner=trainer)
    trainer_client.post(reverse("programming:variation_delete", args=[unused.pk]))
    assert not Variation.objects.filter(pk=unused.pk).exists()


def test_copying_the_built_in_ladder_makes_it_the_trainers_own(trainer_client, trainer):
    response = trainer_client.post(
        reverse("programming:ladder_copy", args=[builtin_hinge().pk]), follow=True
    )
    copy = Ladder.objects.get(owner=trainer)
    assert copy.is_default
    assert [r.variation_id for r in copy.rungs.order_by("position")] == [
        r.variation_id for r in builtin_hinge().rungs.order_by("position")
    ]
    assert "your clients now move on it" in response.content.decode()


def test_a_trainer_inserts_moves_and_removes_rungs(trainer_client, trainer):
    ladder = ladder_copy(ladder=builtin_hinge(), owner=trainer)
    own = VariationFactory(owner=trainer, name="Cable pull-through")
    names = lambda: [  # noqa: E731
        r.variation.name for r in ladder.rungs.select_related("variation")
    ]

    trainer_client.post(
        reverse("programming:rung_add", args=[ladder.pk]),
        {"variation": own.pk, "position": 2},
    )
    assert names()[:3] == [
        "Hinge with a dowel rod, to a wall or to a foam roller",
        "Cable pull-through",
        "Kettlebell / dumbbell Romanian deadlift (RDL)",
    ]
    trainer_client.post(
        reverse("programming:rung_move", args=[ladder.pk, 2]), {"direction": "-1"}
    )
    assert names()[0] == "Cable pull-through"
    trainer_client.post(reverse("programming:rung_remove", args=[ladder.pk, 1]))
    assert names() == [r.variation.name for r in builtin_hinge().rungs.all()]
    assert list(ladder.rungs.values_list("position", flat=True)) == list(range(1, 12))
    assert len(names()) == 11


def test_a_rung_of_the_wrong_pattern_or_twice_is_refused(trainer_client, trainer):
    ladder = ladder_copy(ladder=builtin_hinge(), owner=trainer)
    squat = Variation.objects.get(owner=None, name="Goblet squat")
    url = reverse("programming:rung_add", args=[ladder.pk])
    assert trainer_client.post(url, {"variation": squat.pk}).status_code == 404
    rdl = Variation.objects.get(owner=None, name="Barbell RDL")
    assert trainer_client.post(url, {"variation": rdl.pk}).status_code == 422
    assert ladder.rungs.count() == 11


def test_built_in_ladders_cannot_be_edited(trainer_client):
    ladder = builtin_hinge()
    for name, kwargs in [
        ("rung_add", {"pk": ladder.pk}),
        ("rung_remove", {"pk": ladder.pk, "position": 1}),
        ("ladder_edit", {"pk": ladder.pk}),
        ("ladder_delete", {"pk": ladder.pk}),
    ]:
        response = trainer_client.post(reverse(f"programming:{name}", kwargs=kwargs))
        assert response.status_code == 404
    assert ladder.rungs.count() == 11


def test_another_trainers_ladder_is_a_404_and_untouched(trainer_client):
    theirs = LadderFactory(rungs=3)
    for name in ["ladder_detail", "ladder_copy", "ladder_default", "rung_add"]:
        url = reverse(f"programming:{name}", args=[theirs.pk])
        assert trainer_client.post(url).status_code in {404, 405}
        assert trainer_client.get(url).status_code in {404, 405}
    assert Ladder.objects.filter(owner__isnull=False).count() == 1


def test_a_ladder_clients_move_on_cannot_be_deleted(trainer_client, trainer, coached):
    ladder = ladder_copy(ladder=builtin_hinge(), owner=trainer)
    assignment_set(
        client=coached, variation=ladder.rungs.first().variation, changed_by=trainer
    )
    response = trainer_client.post(
        reverse("programming:ladder_delete", args=[ladder.pk]), follow=True
    )
    assert LADDER_IN_USE in response.content.decode()
    assert Ladder.objects.filter(pk=ladder.pk).exists()


def test_going_back_to_the_built_in_ladder(trainer_client, trainer):
    ladder = ladder_copy(ladder=builtin_hinge(), owner=trainer)
    trainer_client.post(reverse("programming:ladder_use_builtin", args=[ladder.pk]))
    ladder.refresh_from_db()
    assert not ladder.is_default
    trainer_client.post(reverse("programming:ladder_default", args=[ladder.pk]))
    ladder.refresh_from_db()
    assert ladder.is_default


@pytest.mark.parametrize("count", [1, 50])
def test_library_pages_query_budget(
    trainer_client, trainer, count, django_assert_max_num_queries
):
    VariationFactory.create_batch(count, owner=trainer)
    ladder = LadderFactory(owner=trainer, rungs=min(count, 30))
    for url in [
        reverse("programming:library"),
        reverse("programming:ladder_list"),
        reverse("programming:ladder_detail", args=[ladder.pk]),
    ]:
        with django_assert_max_num_queries(10):
            assert trainer_client.get(url).status_code == 200
