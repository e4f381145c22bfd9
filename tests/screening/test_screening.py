"""The health screening, consent and waiver: outcomes, the client's pages, the
trainer's clearance, the signed copy, lapse reminders, and bad input of every kind."""

import hashlib
from datetime import UTC, date, datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from outbox.models import Email
from screening import defaults, services
from screening.gate import gate_is_on
from screening.models import Consent, GateSwitch, Screening, Signature
from screening.selectors import WAITING_LIMIT
from screening.services import outcome_of, questionnaire_current
from tests.brand.images import PNG
from tests.factories import (
    ClientFactory,
    ClientWithLoginFactory,
    ScreeningFactory,
    SignatureFactory,
    WaiverFactory,
)
from tests.screening.conftest import put_on_file

pytestmark = pytest.mark.django_db

ALL_NO = {
    key: False
    for q in defaults.QUESTIONS
    for key in [q["key"]] + [f["key"] for f in q["followups"]]
} | {t["key"]: False for t in defaults.TEMPORARY}
WAITING = "{% load screening %}{% screening_waiting trainer %}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def athlete(trainer):
    return ClientWithLoginFactory(trainer=trainer, first_name="Ana")


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete.user)
    return client


def _answers(**yes) -> dict:
    return ALL_NO | dict.fromkeys(yes, True)


def _submit(client, **fields):
    questionnaire = questionnaire_current()
    data = {
        "client": client,
        "questionnaire_id": questionnaire.pk,
        "answers": _answers(),
        "consent": True,
        "token": services.form_token(client=client, kind="screening"),
    } | fields
    return services.screening_submit(**data)


# --- Outcomes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "outcome"),
    [
        ((), Screening.Outcome.CLEARED),
        (("medicine",), Screening.Outcome.CONDITIONS),
        (("medicine", "heart"), Screening.Outcome.CONDITIONS),
        (("heart", "heart_rhythm"), Screening.Outcome.NEEDS_CLEARANCE),
        (("pregnant",), Screening.Outcome.NEEDS_CLEARANCE),
        (("unwell",), Screening.Outcome.WAIT),
        (("unwell", "heart", "heart_rhythm"), Screening.Outcome.WAIT),
        # A follow-up yes under a no counts for nothing: it was never asked.
        (("heart_rhythm",), Screening.Outcome.CLEARED),
    ],
)
def test_the_outcome_follows_the_answers(yes, outcome):
    result = outcome_of(questionnaire_current(), _answers(**dict.fromkeys(yes)))
    assert result.outcome == outcome


def test_the_defaults_say_what_they_are_based_on():
    questionnaire = questionnaire_current()
    assert "PAR-Q+" in questionnaire.based_on
    assert "own plain words" in questionnaire.based_on
    assert len(questionnaire.questions) == 7


# --- Answering ----------------------------------------------------------------------


def test_answers_are_kept_with_their_version_and_consent(athlete):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        screening = _submit(
            athlete,
            answers=_answers(bones=True, bones_recent=True),
            where="Left knee",
        )
    assert screening.questionnaire == questionnaire_current()
    assert screening.outcome == Screening.Outcome.NEEDS_CLEARANCE
    assert screening.where == "Left knee"
    assert screening.valid_until == date(2027, 3, 2)
    assert Consent.objects.given().get(client=athlete).wording.kind == "consent"


def test_unanswered_questions_are_each_named_and_nothing_is_written(athlete):
    answers = _answers(bones=True)
    del answers["heart"]
    answers["bones_control"] = None
    with pytest.raises(ValidationError) as refused:
        _submit(athlete, answers=answers)
    errors = refused.value.message_dict
    assert errors["heart"] == [services.UNANSWERED]
    assert errors["bones_control"] == [services.UNANSWERED]
    assert errors["where"] == [services.WHERE_NEEDED]
    assert "heart_rhythm" not in errors  # its question was not a yes
    assert not Screening.objects.exists()
    assert not Consent.objects.exists()


def test_a_forged_version_is_refused(athlete):
    with pytest.raises(ValidationError, match="changed since the page opened"):
        _submit(athlete, questionnaire_id=questionnaire_current().pk + 999)
    assert not Screening.objects.exists()


def test_a_replayed_form_is_refused(athlete):
    token = services.form_token(client=athlete, kind="screening")
    _submit(athlete, token=token)
    with pytest.raises(ValidationError, match="already sent"):
        _submit(athlete, token=token)
    with pytest.raises(ValidationError, match="already sent"):
        _submit(athlete, token="forged")
    assert Screening.objects.count() == 1


def test_another_clients_token_is_refused(athlete, trainer):
    other = ClientFactory(trainer=trainer)
    token = services.form_token(client=other, kind="screening")
    with pytest.raises(ValidationError, match="already sent"):
        _submit(athlete, token=token)


def test_answers_need_consent(athlete):
    with pytest.raises(ValidationError) as refused:
        _submit(athlete, consent=False)
    assert refused.value.message_dict["consent"] == [services.CONSENT_NEEDED]


def test_my_health_has_changed_asks_again(athlete, athlete_client):
    _submit(athlete)
    athlete_client.post(reverse("screening:my_health_changed"))
    assert not Screening.objects.on_file(timezone.localdate()).exists()
    assert Screening.objects.get().ended_reason == "The client's health has changed."


def test_withdrawing_consent_deletes_the_answers(athlete, athlete_client):
    _submit(athlete, answers=_answers(bones=True), where="Lower back")
    page = athlete_client.get(reverse("screening:my_consent_withdraw"))
    assert "Withdraw and delete my answers" in page.text
    athlete_client.post(reverse("screening:my_consent_withdraw"))
    assert not Screening.objects.exists()
    assert Consent.objects.get().withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.consent_withdraw(client=athlete)


def test_the_client_answers_on_the_page_with_a_yes_and_a_follow_up(
    athlete, athlete_client
):
    page = athlete_client.get(reverse("screening:my_screening"))
    form = page.context["form"]
    data = dict.fromkeys(ALL_NO, "no") | {
        "bones": "yes",
        "bones_recent": "yes",
        "where": "Right shoulder",
        "consent": "on",
        "version": form.initial["version"],
        "token": form.initial["token"],
    }
    response = athlete_client.post(reverse("screening:my_screening"), data, follow=True)
    assert "Ask your doctor for a clearance" in response.text
    assert Screening.objects.get().where == "Right shoulder"
    again = athlete_client.post(reverse("screening:my_screening"), data)
    assert services.REPLAYED in again.text
    assert Screening.objects.count() == 1


def test_an_unanswered_page_shows_each_error(athlete_client):
    page = athlete_client.get(reverse("screening:my_screening"))
    initial = page.context["form"].initial
    response = athlete_client.post(reverse("screening:my_screening"), initial)
    assert response.status_code == 200
    assert response.text.count(services.UNANSWERED) == 9
    assert not Screening.objects.exists()


# --- Clearance ----------------------------------------------------------------------


@pytest.fixture
def needs_clearance(coached):
    put_on_file(coached, outcome=Screening.Outcome.NEEDS_CLEARANCE)
    return Screening.objects.get(client=coached)


@pytest.mark.parametrize(
    ("upload", "kind"), [(PDF, "application/pdf"), (PNG, "image/png")]
)
def test_a_clearance_is_recorded_with_its_document(
    needs_clearance, trainer, trainer_client, upload, kind
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = trainer_client.post(
        reverse("screening:clearance_record", args=[needs_clearance.client_id]),
        {
            "cleared_by": "Dr Ruth Okafor, GP",
            "cleared_on": "2026-01-05",
            "document": SimpleUploadedFile("letter.bin", upload),
        },
    )
    assert response.status_code == 302
    needs_clearance.refresh_from_db()
    assert needs_clearance.is_cleared
    assert needs_clearance.clearance_recorded_by == trainer
    assert needs_clearance.document_type == kind
    document = trainer_client.get(
        reverse("screening:clearance_document", args=[needs_clearance.client_id])
    )
    assert document["Content-Type"] == kind


@pytest.mark.parametrize(
    "upload",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4 but cut short",
        b"GIF89a" + b"\0" * 20,
        PNG[:40],
    ],
    ids=["html", "truncated pdf", "gif", "truncated png"],
)
def test_a_fake_document_is_refused(needs_clearance, trainer, upload):
    with pytest.raises(ValidationError) as refused:
        services.clearance_record(
            screening=needs_clearance,
            trainer=trainer,
            cleared_by="Dr Who",
            cleared_on=timezone.localdate(),
            document=upload,
        )
    assert refused.value.message_dict["document"] == [services.NOT_A_DOCUMENT]
    needs_clearance.refresh_from_db()
    assert not needs_clearance.is_cleared


def test_a_clearance_is_refused_where_none_is_needed_or_twice(coached, trainer):
    put_on_file(coached)
    with pytest.raises(ValidationError, match="does not need"):
        services.clearance_record(
            screening=Screening.objects.get(),
            trainer=trainer,
            cleared_by="Dr Who",
            cleared_on=timezone.localdate(),
        )


# --- The waiver ---------------------------------------------------------------------


def _sign(client, waiver, **fields):
    data = {
        "client": client,
        "wording_id": waiver.pk,
        "shown_sha256": waiver.sha256,
        "agree": True,
        "signed_name": "Ana Lima",
        "ip_address": "203.0.113.9",
        "user_agent": "Phone",
        "token": services.form_token(client=client, kind="signature"),
    } | fields
    return services.waiver_sign(**data)


def test_signing_records_the_exact_text_and_emails_a_copy(
    athlete, django_capture_on_commit_callbacks, mailoutbox
):
    waiver = WaiverFactory(body="Train at your own risk.\nTell us about pain.")
    with (
        time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        signature = _sign(athlete, waiver)
    expected = hashlib.sha256(waiver.body.encode()).hexdigest()
    assert signature.text_sha256 == expected
    assert signature.signed_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert (signature.ip_address, signature.user_agent) == ("203.0.113.9", "Phone")
    [mail] = mailoutbox
    assert mail.to == [athlete.email]
    [(name, content, _)] = mail.attachments
    assert name.startswith("waiver-v")
    copy = content.decode() if isinstance(content, bytes) else content
    assert "Tell us about pain." in copy
    assert expected in copy
    assert "2026-03-02 09:30:00" in copy
    assert Email.objects.get().key == f"waiver-signed:{signature.pk}"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"agree": False}, services.AGREE_NEEDED),
        ({"signed_name": "  "}, services.NAME_NEEDED),
        ({"for_minor": True}, services.GUARDIAN_NEEDED),
        ({"shown_sha256": "0" * 64}, services.TEXT_CHANGED),
        ({"token": "replayed"}, services.REPLAYED),
    ],
)
def test_a_signature_missing_something_is_refused(athlete, fields, message):
    waiver = WaiverFactory()
    with pytest.raises(ValidationError, match=message.split(":")[0]):
        _sign(athlete, waiver, **fields)
    assert not Signature.objects.exists()
    assert not Email.objects.exists()


def test_a_guardian_signs_for_a_minor(athlete):
    signature = _sign(
        athlete, WaiverFactory(), for_minor=True, guardian_name="Rosa Lima"
    )
    assert signature.guardian_name == "Rosa Lima"
    assert "parent or guardian: Rosa Lima" in services.signed_copy(signature)


def test_signing_twice_or_an_old_version_is_refused(athlete):
    first = WaiverFactory()
    _sign(athlete, first)
    with pytest.raises(ValidationError, match=services.ALREADY_SIGNED):
        _sign(athlete, first)
    second = WaiverFactory()
    with pytest.raises(ValidationError, match="not the waiver to sign"):
        _sign(athlete, first)
    _sign(athlete, second)
    assert Signature.objects.count() == 2


def test_the_signed_copy_is_for_the_client_their_trainer_and_the_owner(world, client):
    signature = SignatureFactory(client=world.client_b)
    mine = reverse("screening:my_signature", args=[signature.pk])
    theirs = reverse("screening:signature", args=[signature.pk])
    client.force_login(world.client_b.user)
    assert signature.wording.body in client.get(mine).text
    download = client.get(mine, {"download": 1})
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(world.client_a.user)
    assert client.get(mine).status_code == 404
    client.force_login(world.trainer_b)
    assert client.get(theirs).status_code == 200
    client.force_login(world.trainer_a)
    assert client.get(theirs).status_code == 404
    client.force_login(world.admin)
    admin_page = reverse("admin:screening_signature_change", args=[signature.pk])
    assert signature.text_sha256 in client.get(admin_page).text


def test_a_published_version_cannot_change(athlete):
    waiver = WaiverFactory()
    waiver.body = "Another text"
    with pytest.raises(ValidationError, match="cannot change"):
        waiver.full_clean()


# --- Lapse reminders ----------------------------------------------------------------


def test_a_lapse_reminder_goes_once_a_month_before(athlete):
    with time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=UTC), tick=False):
        ScreeningFactory(client=athlete, valid_until=date(2026, 3, 1))
        assert services.lapse_reminder_sweep(now=timezone.now()) == 0
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=UTC), tick=False):
        assert services.lapse_reminder_sweep(now=timezone.now()) == 1
        assert services.lapse_reminder_sweep(now=timezone.now()) == 0
    email = Email.objects.get()
    assert email.to == athlete.email
    assert "1 March 2026" in email.body_text


# --- The pages around it -------------------------------------------------------------


def test_the_client_is_asked_on_their_program_page(athlete, athlete_client):
    page = athlete_client.get(reverse("dashboard:my_program")).text
    assert "Before you train" in page
    assert reverse("screening:my_screening") in page
    put_on_file(athlete)
    page = athlete_client.get(reverse("dashboard:my_program")).text
    assert "Before you train" not in page


def test_a_caution_shows_its_area_on_the_client_page(coached, trainer_client):
    put_on_file(coached, where="Lower back", answers={"bones": True})
    page = trainer_client.get(coached.get_absolute_url()).text
    assert "Caution:</strong> Lower back" in page


@pytest.mark.parametrize("count", [1, 500])
def test_the_waiting_list_holds_its_query_budget(
    trainer, count, django_assert_num_queries
):
    clients = ClientFactory.create_batch(count, trainer=trainer)
    waiver = WaiverFactory()
    put_on_file(ClientFactory(trainer=trainer, first_name="Zed"), waiver)
    SignatureFactory(client=clients[0], wording=waiver)
    with django_assert_num_queries(1):
        html = Template(WAITING).render(Context({"trainer": trainer}))
    assert html.count("<li>") == min(count, WAITING_LIMIT)
    assert "Zed" not in html
    assert ("And more." in html) is (count > WAITING_LIMIT)


def test_the_dashboard_lists_who_waits_for_what(trainer, trainer_client):
    ClientFactory(trainer=trainer, first_name="Nora")
    put_on_file(
        ClientFactory(trainer=trainer, first_name="Omar"),
        outcome=Screening.Outcome.NEEDS_CLEARANCE,
    )
    page = trainer_client.get(reverse("dashboard:index")).text
    assert "Waiting for screening, clearance or signature" in page
    assert "Nora" in page
    assert "health screening" in page
    assert "clearance" in page


# --- The switch on install ------------------------------------------------------------


def test_an_install_with_clients_gets_the_gate_switched_off(coached):
    GateSwitch.objects.all().delete()
    migration = import_module("screening.migrations.0002_gate_and_defaults")
    migration.forward(django_apps, None)
    assert not gate_is_on()


def test_a_new_install_gets_the_gate_on(db):
    GateSwitch.objects.all().delete()
    migration = import_module("screening.migrations.0002_gate_and_defaults")
    migration.forward(django_apps, None)
    assert gate_is_on()


def test_the_owner_downloads_signed_copies_from_the_admin(client, world):
    signature = SignatureFactory(client=world.client_b)
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:screening_signature_changelist"),
        {"action": "download", "_selected_action": [signature.pk]},
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert signature.text_sha256 in response.content.decode()
