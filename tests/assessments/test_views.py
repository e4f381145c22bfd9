from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.models import Assessment, Protocol, Result, ScreenTest, StartDecision
from assessments.selectors import assessment_summary_for_client
from assessments.services import RungChoice, assessment_accept, assessment_record
from assessments.services.assessments import (
    JUMP_NEEDS_CONFIRMING,
    NOT_IN_PROTOCOL,
    NOTHING_CHOSEN,
    ONLY_DRAFTS_DELETED,
    OVERRIDE_NEEDS_REASON,
)
from assessments.views.assessments import RUNGS_SET
from programming.models import Assignment, Ladder
from programming.services import assignment_set
from tests.assessments.conftest import PERFECT
from tests.factories import (
    AssessmentFactory,
    ClientFactory,
    ClientWithLoginFactory,
    ProtocolFactory,
    ScreenTestFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def finish(assessment, values=PERFECT, **changes):
    keys = {t.key: t.pk for t in assessment.protocol.tests.all()}
    return assessment_record(
        assessment=assessment,
        results={keys[k]: v for k, v in (values | changes).items() if k in keys},
        finish=True,
    )


def sheet(assessment, values: dict, action="draft") -> dict:
    """The record form's POST data for ``values`` by test key."""
    keys = {t.key or t.name: t.pk for t in assessment.protocol.tests.all()}
    data = {
        "assessed_on": assessment.assessed_on.isoformat(),
        "notes": "",
        "action": action,
    }
    for key, pk in keys.items():
        value = values.get(key, "")
        data[f"result_{pk}"] = "" if value is None else str(value)
        data[f"note_{pk}"] = ""
    return data


@pytest.fixture
def draft(coached, hinge_screen) -> Assessment:
    return AssessmentFactory(client=coached, protocol=hinge_screen)


# --- The client page and the list ---------------------------------------------------


def test_the_client_page_lists_the_latest_assessments(trainer_client, coached, draft):
    response = trainer_client.get(coached.get_absolute_url())
    assert response.status_code == 200
    assert reverse("assessments:assessment_new", args=[coached.pk]) in response.text
    assert reverse("assessments:assessment_record", args=[draft.pk]) in response.text


def test_the_list_shows_drafts_and_finished_ones(trainer_client, coached, draft):
    done = finish(AssessmentFactory(client=coached, protocol=draft.protocol))
    response = trainer_client.get(
        reverse("assessments:assessment_list", args=[coached.pk])
    )
    assert response.status_code == 200
    assert reverse("assessments:assessment_record", args=[draft.pk]) in response.text
    assert done.get_absolute_url() in response.text


# --- Starting -------------------------------------------------------------------------


def test_starting_offers_builtin_and_own_protocols_only(
    trainer_client, coached, screens
):
    mine = ProtocolFactory(owner=coached.trainer, name="My <em>screen</em>")
    theirs = ProtocolFactory(name="Their screen")
    url = reverse("assessments:assessment_new", args=[coached.pk])
    response = trainer_client.get(url)
    assert "Hinge screen" in response.text
    assert "My &lt;em&gt;screen&lt;/em&gt;" in response.text
    assert theirs.name not in response.text

    response = trainer_client.post(
        url, {"protocol": theirs.pk, "assessed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()

    response = trainer_client.post(
        url, {"protocol": mine.pk, "assessed_on": timezone.localdate().isoformat()}
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse(
        "assessments:assessment_record", args=[assessment.pk]
    )
    assert (assessment.protocol, assessment.client) == (mine, coached)


def test_starting_offers_today_as_the_date(trainer_client, coached, screens):
    url = reverse("assessments:assessment_new", args=[coached.pk])
    response = trainer_client.get(url)
    assert f'value="{timezone.localdate().isoformat()}"' in response.text


def test_another_trainers_client_cannot_be_assessed(trainer_client, screens):
    other = ClientFactory()
    url = reverse("assessments:assessment_new", args=[other.pk])
    protocol = Protocol.objects.builtin().first()
    data = {"protocol": protocol.pk, "assessed_on": timezone.localdate().isoformat()}
    assert trainer_client.get(url).status_code == 404
    assert trainer_client.post(url, data).status_code == 404
    assert not Assessment.objects.exists()


# --- Recording ------------------------------------------------------------------------


def test_the_record_form_has_one_card_per_test_grouped_by_pattern(
    trainer_client, full_screen, coached
):
    assessment = AssessmentFactory(client=coached, protocol=full_screen)
    response = trainer_client.get(
        reverse("assessments:assessment_record", args=[assessment.pk])
    )
    assert response.status_code == 200
    assert response.text.count('class="card h-100 test-card') == 23
    for heading in ("General", "Hinge", "Squat", "Push", "Pull", "Lunge", "Carry"):
        assert f">{heading}</h2>" in response.text


def test_saving_a_draft_keeps_the_results(trainer_client, draft):
    url = reverse("assessments:assessment_record", args=[draft.pk])
    data = sheet(draft, {"aslr": "62.5", "hinge_dowel": "head", "hinge_pain": 0})
    response = trainer_client.post(url, data)
    assert response.status_code == 302
    assert response.url == url
    draft.refresh_from_db()
    assert draft.is_draft
    values = {r.test.key: r.value for r in draft.results.select_related("test")}
    assert values == {"aslr": Decimal("62.5"), "hinge_dowel": "head", "hinge_pain": 0}
    page = trainer_client.get(url).text
    assert 'value="62.5"' in page


def test_finishing_shows_where_to_start(trainer_client, draft):
    url = reverse("assessments:assessment_record", args=[draft.pk])
    response = trainer_client.post(url, sheet(draft, PERFECT, action="finish"))
    assert response.url == draft.get_absolute_url()
    page = trainer_client.get(response.url).text
    assert "Straight bar deadlift from the ground" in page
    assert "Every result is clear" in page
    assert trainer_client.get(url).url == draft.get_absolute_url()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("aslr", "200", "Between 0 and 120°."),
        ("toe_touch", "-4", "Between 0 and 100 cm."),
        ("toe_touch", "1e400", "Between 0 and 100 cm."),
        ("aslr", "sixty", "Enter a number."),
        ("hinge_pain", "11", "Select a valid choice."),
        ("goal", "<script>alert(1)</script>", "Select a valid choice."),
    ],
)
def test_bad_results_are_refused_on_their_test_and_nothing_is_saved(
    trainer_client, draft, key, value, message
):
    url = reverse("assessments:assessment_record", args=[draft.pk])
    data = sheet(draft, PERFECT | {key: value}, action="finish")
    response = trainer_client.post(url, data)
    assert response.status_code == 200
    assert message in response.text
    assert "<script>alert(1)</script>" not in response.text
    test = draft.protocol.tests.get(key=key)
    assert response.context["form"].errors[f"result_{test.pk}"]
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Result.objects.exists()


def test_a_result_for_a_test_not_in_the_protocol_is_refused(trainer_client, draft):
    stranger = ScreenTestFactory(owner=draft.client.trainer)
    data = sheet(draft, PERFECT) | {f"result_{stranger.pk}": "5"}
    response = trainer_client.post(
        reverse("assessments:assessment_record", args=[draft.pk]), data
    )
    assert response.status_code == 200
    assert escape(NOT_IN_PROTOCOL) in response.text
    assert not Result.objects.exists()


def test_another_trainers_assessment_is_not_found_and_not_changed(client, draft):
    client.force_login(TrainerFactory())
    url = reverse("assessments:assessment_record", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, sheet(draft, PERFECT, action="finish")).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Result.objects.exists()


def test_deleting_a_draft_asks_first(trainer_client, draft):
    url = reverse("assessments:assessment_delete", args=[draft.pk])
    assert "Delete this draft?" in trainer_client.get(url).text
    response = trainer_client.post(url)
    assert response.url == reverse(
        "assessments:assessment_list", args=[draft.client_id]
    )
    assert not Assessment.objects.exists()


def test_a_finished_assessment_is_not_deleted(trainer_client, draft):
    finish(draft)
    response = trainer_client.post(
        reverse("assessments:assessment_delete", args=[draft.pk]), follow=True
    )
    assert ONLY_DRAFTS_DELETED in response.text
    assert Assessment.objects.filter(pk=draft.pk).exists()


# --- The recommendation and accepting it ----------------------------------------------


def test_a_draft_shows_a_preview_without_controls(trainer_client, draft):
    keys = {t.key: t.pk for t in draft.protocol.tests.all()}
    assessment_record(
        assessment=draft,
        results={keys["hinge_pain"]: 4},
    )
    page = trainer_client.get(draft.get_absolute_url()).text
    assert "A preview from the results so far" in page
    assert "Pain while hinging 4/10" in page
    assert "Set the starting rungs" not in page


def test_accepting_sets_the_assignments(trainer_client, full_screen, coached):
    assessment = finish(AssessmentFactory(client=coached, protocol=full_screen))
    page = trainer_client.get(assessment.get_absolute_url())
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v not in (None, False, "")}
    response = trainer_client.post(
        reverse("assessments:assessment_accept", args=[assessment.pk]),
        data,
        follow=True,
    )
    assert "Starting rungs set for Hinge, Squat, Push, Pull, Lunge, Carry." in (
        response.text
    )
    assert Assignment.objects.current().filter(client=coached).count() == 6
    assert StartDecision.objects.filter(assessment=assessment).count() == 6


def test_an_override_needs_a_reason_on_its_field(trainer_client, draft):
    assessment = finish(draft)
    second = Ladder.objects.get(owner=None, pattern="hinge").rungs.get(position=2)
    url = reverse("assessments:assessment_accept", args=[assessment.pk])
    data = {"hinge-apply": "on", "hinge-rung": second.variation_id, "hinge-reason": ""}
    response = trainer_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["hinge-reason"] == [OVERRIDE_NEEDS_REASON]
    assert not Assignment.objects.exists()

    data["hinge-reason"] = "Wants to build confidence first"
    trainer_client.post(url, data)
    assignment = Assignment.objects.get()
    assert assignment.variation_id == second.variation_id
    page = trainer_client.get(assessment.get_absolute_url()).text
    assert "Wants to build confidence first" in page


def test_a_recommendation_many_rungs_up_is_cautioned_and_confirmed(
    trainer_client, draft
):
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    assignment_set(
        client=draft.client,
        variation=builtin.rungs.get(position=1).variation,
        changed_by=draft.client.trainer,
    )
    assessment = finish(draft)  # recommends rung 11
    page = trainer_client.get(assessment.get_absolute_url()).text
    assert "Up 10 rungs at once." in page
    assert 'name="hinge-jump"' in page

    url = reverse("assessments:assessment_accept", args=[assessment.pk])
    top = builtin.rungs.get(position=11).variation_id
    response = trainer_client.post(url, {"hinge-apply": "on", "hinge-rung": top})
    assert response.context["form"].errors["hinge-jump"] == [
        JUMP_NEEDS_CONFIRMING.format(steps=10, position=1)
    ]
    assert Assignment.objects.get().variation == builtin.rungs.get(position=1).variation

    assert "Confirm the jump" in response.text
    trainer_client.post(
        url, {"hinge-apply": "on", "hinge-rung": top, "hinge-jump": "on"}
    )
    assert Assignment.objects.current().get().variation == (
        builtin.rungs.get(position=11).variation
    )


def test_nothing_chosen_is_a_clear_message(trainer_client, draft):
    assessment = finish(draft)
    response = trainer_client.post(
        reverse("assessments:assessment_accept", args=[assessment.pk]), {}
    )
    assert NOTHING_CHOSEN in response.text


def test_another_trainer_cannot_accept(client, draft):
    assessment = finish(draft)
    client.force_login(TrainerFactory())
    response = client.post(
        reverse("assessments:assessment_accept", args=[assessment.pk]),
        {"hinge-apply": "on"},
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


# --- Comparing ------------------------------------------------------------------------


def test_compare_shows_the_latest_two_and_what_changed(trainer_client, draft):
    first = finish(draft, aslr=55, training_age="1_3")
    second = finish(
        AssessmentFactory(client=draft.client, protocol=draft.protocol),
        aslr=80,
        training_age="1_3",
    )
    response = trainer_client.get(
        reverse("assessments:assessment_compare", args=[draft.client_id])
    )
    comparison = response.context["comparison"]
    assert (comparison.before, comparison.after) == (first, second)
    assert [row.test.key for row in comparison.changed_rows] == ["aslr"]
    assert comparison.patterns[0].moved == 0
    assert "Better" in response.text


def test_compare_calls_a_new_goal_changed_not_better(trainer_client, draft):
    finish(draft, goal="everyday")
    finish(
        AssessmentFactory(client=draft.client, protocol=draft.protocol),
        goal="strength",
    )
    response = trainer_client.get(
        reverse("assessments:assessment_compare", args=[draft.client_id])
    )
    [goal] = [
        row
        for row in response.context["comparison"].changed_rows
        if row.test.key == "goal"
    ]
    assert goal.change == "changed"
    html = response.text
    at = html.index("Everyday life")
    row = html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]
    assert "Better" not in row
    assert "Changed" in row


def test_compare_with_an_assessment_of_someone_else_shows_nothing_of_it(
    trainer_client, draft
):
    mine = finish(draft)
    theirs = finish(AssessmentFactory(protocol=draft.protocol))
    response = trainer_client.get(
        reverse("assessments:assessment_compare", args=[draft.client_id]),
        {"first": mine.pk, "second": theirs.pk},
    )
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors["second"]
    assert f'value="{theirs.pk}"' not in response.text


def test_compare_needs_two_finished_assessments(trainer_client, draft):
    response = trainer_client.get(
        reverse("assessments:assessment_compare", args=[draft.client_id])
    )
    assert "Two finished assessments are needed" in response.text


# --- The rules page, protocols and tests ----------------------------------------------


def test_the_rules_page_reads_the_rules(trainer_client, screens):
    page = trainer_client.get(reverse("assessments:rules")).text
    assert "Pain while hinging above 0/10" in page
    assert "No lifts from the floor (rungs 5, 9, 10 and 11)" in page
    assert "A goal of everyday life" in page


def test_a_trainer_copies_a_builtin_protocol(trainer_client, trainer, hinge_screen):
    url = reverse("assessments:protocol_new") + f"?copy={hinge_screen.pk}"
    form = trainer_client.get(url).context["form"]
    assert form.initial["name"] == "Hinge screen (my copy)"
    tests = [t.pk for t in form.initial["tests"]]
    response = trainer_client.post(
        url, {"name": "My hinge screen", "description": "", "tests": tests[::-1]}
    )
    protocol = Protocol.objects.get(owner=trainer)
    assert response.url == protocol.get_absolute_url()
    assert protocol.copied_from == hinge_screen

    def keys(p):
        return list(p.items.order_by("position").values_list("test__key", flat=True))

    assert keys(protocol) == keys(hinge_screen)  # the coach's order is kept


def test_a_trainer_makes_a_test_with_a_list_of_answers(trainer_client, trainer):
    response = trainer_client.post(
        reverse("assessments:screentest_new"),
        {
            "name": "Breathing <i>pattern</i>",
            "pattern": "general",
            "kind": "choice",
            "options": "Belly\nChest\n\nMouth only",
            "instructions": "",
        },
    )
    assert response.status_code == 302
    test = ScreenTest.objects.get(owner=trainer)
    assert test.options == [
        ["belly", "Belly"],
        ["chest", "Chest"],
        ["mouth-only", "Mouth only"],
    ]
    page = trainer_client.get(reverse("assessments:protocol_list")).text
    assert "Breathing &lt;i&gt;pattern&lt;/i&gt;" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"kind": "number", "unit": "cm", "min_value": "10", "max_value": "5"},
            "max_value",
        ),
        ({"kind": "number", "unit": "", "min_value": "0", "max_value": "5"}, "unit"),
        ({"kind": "choice", "options": "Only one"}, "options"),
        ({"kind": "pain", "name": "x" * 121}, "name"),
    ],
)
def test_a_bad_test_definition_is_refused_on_its_field(trainer_client, data, field):
    response = trainer_client.post(
        reverse("assessments:screentest_new"),
        {"name": "A test", "pattern": "hinge", "instructions": ""} | data,
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ScreenTest.objects.filter(owner__isnull=False).exists()


def test_own_tests_and_protocols_are_edited_and_deleted(trainer_client, trainer):
    test = ScreenTestFactory(owner=trainer, name="Plank")
    protocol = ProtocolFactory(owner=trainer, tests=[test])
    response = trainer_client.post(
        reverse("assessments:protocol_edit", args=[protocol.pk]),
        {"name": "Core", "description": "", "tests": [test.pk]},
    )
    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.name == "Core"
    delete = reverse("assessments:protocol_delete", args=[protocol.pk])
    assert "Delete Core?" in trainer_client.get(delete).text
    trainer_client.post(delete)
    assert not Protocol.objects.filter(pk=protocol.pk).exists()
    trainer_client.post(reverse("assessments:screentest_delete", args=[test.pk]))
    assert not ScreenTest.objects.filter(pk=test.pk).exists()


def test_builtin_protocols_cannot_be_edited(trainer_client, hinge_screen):
    url = reverse("assessments:protocol_edit", args=[hinge_screen.pk])
    assert trainer_client.get(url).status_code == 404


# --- The client's summary -------------------------------------------------------------


@pytest.fixture
def client_with_login(trainer):
    return ClientWithLoginFactory(trainer=trainer)


def test_the_client_sees_where_they_start_and_why(
    client, client_with_login, hinge_screen
):
    first = finish(
        AssessmentFactory(client=client_with_login, protocol=hinge_screen),
        hinge_dowel="upper_back",
    )
    latest = finish(
        AssessmentFactory(client=client_with_login, protocol=hinge_screen),
        goal="everyday",
    )
    assessment_accept(
        assessment=latest,
        trainer=latest.client.trainer,
        choices=[RungChoice("hinge")],
    )
    client.force_login(client_with_login.user)
    page = client.get(reverse("assessments:my_assessment")).text
    assert "The assessment suggested</dt>" in page
    assert "<strong>Barbell RDL</strong> (rung 4 of 11)" in page
    assert "<strong>Barbell RDL</strong>, rung 4 of 11 (your trainer started you" in (
        page
    )
    assert "A goal of everyday life" in page
    assert f"Since your assessment of {first.assessed_on:%-d %B %Y}" in page
    assert "Lost contact at the upper back → <strong>Kept all three points" in page


def test_the_client_sees_only_their_own(client, client_with_login, hinge_screen):
    other = ClientWithLoginFactory()
    finish(AssessmentFactory(client=other, protocol=hinge_screen))
    client.force_login(client_with_login.user)
    page = client.get(reverse("assessments:my_assessment")).text
    assert "starts with an assessment of how you move" in page
    assert "The assessment suggested" not in page


def test_a_draft_is_not_shown_to_the_client(client, client_with_login, hinge_screen):
    AssessmentFactory(client=client_with_login, protocol=hinge_screen)
    client.force_login(client_with_login.user)
    page = client.get(reverse("assessments:my_assessment")).text
    assert "The assessment suggested" not in page


def test_messages_are_module_constants():
    assert RUNGS_SET.format(patterns="Hinge") == "Starting rungs set for Hinge."


def test_the_summary_partial_renders_the_selector_s_summary(
    client_with_login, hinge_screen
):
    finish(AssessmentFactory(client=client_with_login, protocol=hinge_screen))
    html = render_to_string(
        "assessments/_client_summary.html",
        {
            "client": client_with_login,
            "summary": assessment_summary_for_client(client=client_with_login),
        },
    )
    assert "<strong>Straight bar deadlift from the ground</strong> (rung 11" in html
    assert "Where you are now</dt>" in html
    assert "Not set yet" in html, "the trainer has not accepted it"
