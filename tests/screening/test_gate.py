"""The training gate on every path that starts training: the pages, the admin, the
API and an imported client, each refused while the client is not cleared and
signed, and let through by the trainer's override (recorded with its reason)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Protocol, StartDecision
from assessments.services import RungChoice, assessment_accept, assessment_start
from exchange.services.imports import (
    client_import_apply,
    client_import_preview,
)
from programming.models import Assignment, Ladder
from programming.services import assignment_set
from scheduling.models import Series, Session
from scheduling.services import series_schedule, session_record, session_schedule
from screening.gate import (
    GATE_CLOSED,
    NO_CLEARANCE,
    NO_SCREENING,
    NO_SIGNATURE,
    training_gate_check,
)
from screening.models import Screening
from screening.services import gate_switch_set, override_record
from tests.assessments.test_views import finish
from tests.factories import (
    AdminFactory,
    AssessmentFactory,
    ProgramFactory,
    WaiverFactory,
)
from tests.scheduling.test_views import form_data
from tests.screening.conftest import put_on_file

pytestmark = [pytest.mark.django_db, pytest.mark.gate]


@pytest.fixture(params=["closed", "overridden"])
def gated(request, coached):
    """The trainer's client, not screened: refused, or let through by an
    override."""
    overridden = request.param == "overridden"
    if overridden:
        override_record(
            client=coached, trainer=coached.trainer, reason="Cleared on paper"
        )
    return coached, overridden


def _closed(client) -> str:
    return GATE_CLOSED.format(name=client.first_name, missing=NO_SCREENING)


def _hinge_rung(position: int):
    ladder = Ladder.objects.get(owner=None, pattern="hinge")
    return ladder.rungs.get(position=position).variation


# --- The rule ---------------------------------------------------------------------


def test_a_new_install_has_the_gate_on_and_says_what_is_missing(coached):
    waiver = WaiverFactory()
    with pytest.raises(ValidationError) as refused:
        training_gate_check(client=coached)
    assert refused.value.messages == [
        GATE_CLOSED.format(
            name=coached.first_name, missing=f"{NO_SCREENING} and {NO_SIGNATURE}"
        )
    ]
    put_on_file(coached, waiver)
    training_gate_check(client=coached)


def test_a_screening_that_needs_clearance_is_held_until_it_is_recorded(coached):
    put_on_file(coached, outcome=Screening.Outcome.NEEDS_CLEARANCE)
    with pytest.raises(ValidationError) as refused:
        training_gate_check(client=coached)
    assert NO_CLEARANCE in refused.value.messages[0]
    Screening.objects.update(clearance_recorded_at=timezone.now())
    training_gate_check(client=coached)


def test_a_new_waiver_version_asks_for_a_new_signature(coached):
    put_on_file(coached, WaiverFactory())
    training_gate_check(client=coached)
    WaiverFactory()
    with pytest.raises(ValidationError, match=NO_SIGNATURE):
        training_gate_check(client=coached)


def test_a_lapsed_screening_is_no_longer_on_file(coached):
    put_on_file(coached, valid_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match=NO_SCREENING):
        training_gate_check(client=coached)


def test_the_owners_switch_turns_the_gate_off(coached):
    gate_switch_set(is_on=False)
    training_gate_check(client=coached)


def test_the_gate_check_costs_two_queries(coached, django_assert_num_queries):
    with (
        django_assert_num_queries(2),
        pytest.raises(ValidationError, match=NO_SCREENING),
    ):
        training_gate_check(client=coached)


# --- Services (what the import, the demo and any command call) -------------------


def test_every_service_that_starts_training_passes_the_gate(gated, library):
    client, overridden = gated
    day = timezone.localdate() + timedelta(days=1)
    calls = [
        lambda: assessment_start(
            trainer=client.trainer,
            client=client,
            protocol=Protocol.objects.builtin().first(),
            assessed_on=timezone.localdate(),
        ),
        lambda: assignment_set(
            client=client, variation=_hinge_rung(1), changed_by=client.trainer
        ),
        lambda: session_schedule(
            client=client,
            day=day,
            start_time=timezone.datetime(2000, 1, 1, 7).time(),
            duration=timedelta(hours=1),
        ),
        lambda: session_record(
            client=client,
            day=timezone.localdate() - timedelta(days=1),
            start_time=timezone.datetime(2000, 1, 1, 7).time(),
            duration=timedelta(hours=1),
        ),
        lambda: series_schedule(
            client=client,
            first_day=day + timedelta(days=2),
            weekdays=[0],
            weeks=2,
            start_time=timezone.datetime(2000, 1, 1, 9).time(),
            duration=timedelta(hours=1),
        ),
    ]
    for call in calls:
        if overridden:
            call()
        else:
            with pytest.raises(ValidationError, match="cannot start training yet"):
                call()
    written = (
        Assessment.objects.count(),
        Assignment.objects.count(),
        Session.objects.count(),
        Series.objects.count(),
    )
    in_series = Session.objects.filter(series__isnull=False).count()
    assert written == ((1, 1, 2 + in_series, 1) if overridden else (0, 0, 0, 0))
    assert in_series >= (1 if overridden else 0)


def test_an_imported_client_is_gated_until_screened(trainer):
    rows = f"name,email,trainer\nIva Import,iva@example.com,{trainer.email}\n"
    preview = client_import_preview(
        data=rows.encode(), file_name="c.csv", uploaded_by=AdminFactory()
    )
    client_import_apply(client_import=preview)
    imported = trainer.clients.get(email="iva@example.com")
    with pytest.raises(ValidationError, match="cannot start training yet"):
        session_schedule(
            client=imported,
            day=timezone.localdate() + timedelta(days=1),
            start_time=timezone.datetime(2000, 1, 1, 7).time(),
            duration=timedelta(hours=1),
        )
    assert not Session.objects.exists()


# --- Pages ------------------------------------------------------------------------


def test_starting_an_assessment_page(gated, trainer_client, library):
    client, overridden = gated
    protocol = Protocol.objects.builtin().first()
    response = trainer_client.post(
        reverse("assessments:assessment_new", args=[client.pk]),
        {"protocol": protocol.pk, "assessed_on": timezone.localdate().isoformat()},
    )
    assert Assessment.objects.exists() is overridden
    if not overridden:
        assert _closed(client) in response.content.decode().replace("&#x27;", "'")


def test_accepting_starting_rungs_page(coached, trainer_client, library):
    protocol = Protocol.objects.builtin().first()
    put_on_file(coached)
    assessment = finish(AssessmentFactory(client=coached, protocol=protocol))
    Screening.objects.all().delete()  # the client withdrew, or it lapsed
    url = reverse("assessments:assessment_accept", args=[assessment.pk])
    form = trainer_client.get(assessment.get_absolute_url()).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v not in (None, False, "")}
    trainer_client.post(url, data)
    assert not Assignment.objects.exists()
    assert not StartDecision.objects.exists()

    override_record(client=coached, trainer=coached.trainer, reason="Doctor phoned")
    trainer_client.post(url, data)
    assert Assignment.objects.filter(client=coached).exists()


def test_accepting_starting_rungs_service_refuses_too(coached, library):
    protocol = Protocol.objects.builtin().first()
    put_on_file(coached)
    assessment = finish(AssessmentFactory(client=coached, protocol=protocol))
    Screening.objects.all().delete()
    with pytest.raises(ValidationError, match="cannot start training yet"):
        assessment_accept(
            assessment=assessment,
            trainer=coached.trainer,
            choices=[RungChoice(pattern="hinge")],
        )


def test_moving_on_the_ladder_pages(coached, trainer_client, library):
    put_on_file(coached)
    assignment_set(client=coached, variation=_hinge_rung(1), changed_by=None)
    Screening.objects.all().delete()
    url = reverse("programming:assignment_progress", args=[coached.pk, "hinge"])
    trainer_client.post(url, {"reason": ""})
    current = Assignment.objects.current().get(client=coached)
    assert current.variation == _hinge_rung(1)

    override_record(client=coached, trainer=coached.trainer, reason="Cleared by GP")
    trainer_client.post(url, {"reason": ""})
    current = Assignment.objects.current().get(client=coached)
    assert current.variation == _hinge_rung(2)


def test_activating_a_program_page(gated, trainer_client):
    client, overridden = gated
    program = ProgramFactory(client=client, is_active=False)
    trainer_client.post(reverse("programming:program_activate", args=[program.pk]))
    program.refresh_from_db()
    assert program.is_active is overridden


def test_scheduling_pages(gated, trainer_client):
    client, overridden = gated
    trainer_client.post(reverse("scheduling:session_new"), form_data(client))
    trainer_client.post(
        reverse("scheduling:session_new"),
        form_data(
            client, repeat="weekly", weekdays=["0"], weeks="2", start_time="09:00"
        ),
    )
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    trainer_client.post(
        reverse("scheduling:session_record"), form_data(client, day=yesterday)
    )
    assert Series.objects.exists() is overridden
    assert Session.objects.count() == (4 if overridden else 0)


# --- The API ----------------------------------------------------------------------


def test_the_api_moves_no_one_past_the_gate(coached, library, api_client):
    put_on_file(coached)
    assignment_set(client=coached, variation=_hinge_rung(1), changed_by=None)
    Screening.objects.all().delete()
    url = reverse("api:assignment_progress", args=[coached.pk, "hinge"])
    response = api_client.post(url, {"reason": ""}, format="json")
    assert response.status_code == 400
    assert "cannot start training yet" in str(response.json())

    override_record(client=coached, trainer=coached.trainer, reason="Cleared by GP")
    assert api_client.post(url, {"reason": ""}, format="json").status_code == 200


# --- The admin --------------------------------------------------------------------


def test_the_admin_cannot_start_training_past_the_gate(coached, admin_client, library):
    program = ProgramFactory(client=coached, is_active=False)
    url = reverse("admin:programming_program_change", args=[program.pk])
    data = {
        "name": program.name,
        "owner": "",
        "client": coached.pk,
        "is_active": "on",
        "notes": "",
        "days-TOTAL_FORMS": "0",
        "days-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "cannot start training yet" in response.content.decode()
    program.refresh_from_db()
    assert not program.is_active

    override_record(client=coached, trainer=coached.trainer, reason="Owner's call")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    program.refresh_from_db()
    assert program.is_active


def test_the_admin_adds_no_assessment_past_the_gate(coached, admin_client, library):
    protocol = Protocol.objects.builtin().first()
    url = reverse("admin:assessments_assessment_add")
    data = {
        "client": coached.pk,
        "protocol": protocol.pk,
        "assessed_by": coached.trainer.pk,
        "assessed_on": timezone.localdate().isoformat(),
        "status": Assessment.Status.DRAFT,
        "summary": "",
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert "cannot start training yet" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_client_of_another_trainer_is_not_overridden_by_this_one(world, client):
    client.force_login(world.trainer_a)
    url = reverse("screening:override_record", args=[world.client_b.pk])
    assert client.post(url, {"reason": "Mine now"}).status_code == 404
    assert not world.client_b.gate_overrides.exists()


def test_the_override_is_shown_with_its_reason(coached, trainer_client):
    trainer_client.post(
        reverse("screening:override_record", args=[coached.pk]),
        {"reason": "Cleared by <b>GP</b> by phone"},
    )
    page = trainer_client.get(
        reverse("screening:client_screening", args=[coached.pk])
    ).content.decode()
    assert "Cleared by &lt;b&gt;GP&lt;/b&gt; by phone" in page
    training_gate_check(client=coached)
    trainer_client.post(reverse("screening:override_end", args=[coached.pk]))
    with pytest.raises(ValidationError, match=NO_SCREENING):
        training_gate_check(client=coached)


def test_an_override_needs_a_reason(coached, trainer_client):
    response = trainer_client.post(
        reverse("screening:override_record", args=[coached.pk]), {"reason": "  "}
    )
    assert response.status_code == 400
    assert not coached.gate_overrides.exists()
