from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from clients.admin import CHOOSE_ONE
from clients.models import Client, Consultation
from clients.services.consultations import NEEDS_TRAINER, STEPS_FROM
from outbox.models import Email
from tests.factories import AdminFactory, ConsultationFactory, TrainerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:clients_consultation_changelist")
Status = Consultation.Status


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def act(admin_client, action, consultations, **data):
    """Post an action from the list; with data, the intermediate page's form too."""
    payload = {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in consultations]}
    if data:
        payload.update(data, apply="1")
    return admin_client.post(CHANGELIST, payload, follow=True)


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_shows_status_date_and_trainer_in_few_queries(
    admin_client, count, django_assert_max_num_queries
):
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")
    ConsultationFactory.create_batch(count, trainer=trainer)
    with django_assert_max_num_queries(10):
        page = admin_client.get(CHANGELIST)
    html = page.content.decode()
    assert "Chris Coach" in html
    assert "New" in html


def test_the_list_filters_searches_and_has_a_date_hierarchy(admin_client):
    zoe = ConsultationFactory(first_name="Zoë", status=Status.CONTACTED)
    ConsultationFactory(first_name="Sam")
    found = admin_client.get(CHANGELIST, {"q": "zoë"})
    assert list(found.context["cl"].result_list) == [zoe]
    contacted = admin_client.get(CHANGELIST, {"status__exact": "contacted"})
    assert list(contacted.context["cl"].result_list) == [zoe]
    assert found.context["cl"].date_hierarchy == "created_at"


def test_nobody_adds_a_consultation_by_hand(admin_client):
    add = reverse("admin:clients_consultation_add")
    assert admin_client.get(add).status_code == 403


def test_assigning_a_trainer_asks_which_then_emails_them(admin_client):
    first, second = ConsultationFactory.create_batch(2)
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")

    form = act(admin_client, "assign_trainer", [first, second])
    assert form.status_code == 200
    assert "Assign a trainer" in form.content.decode()
    assert Consultation.objects.filter(trainer__isnull=False).count() == 0

    done = act(admin_client, "assign_trainer", [first, second], trainer=trainer.pk)
    assert "2 consultations assigned to Chris Coach." in done.content.decode()
    assert Consultation.objects.filter(trainer=trainer).count() == 2
    assert Email.objects.filter(to=trainer.email).count() == 2


def test_an_invalid_trainer_keeps_the_form_open(admin_client):
    consultation = ConsultationFactory()
    page = act(admin_client, "assign_trainer", [consultation], trainer="999999")
    assert "Select a valid choice" in page.content.decode()
    consultation.refresh_from_db()
    assert consultation.trainer is None


def test_marking_contacted_reports_what_it_could_not_do(admin_client):
    new = ConsultationFactory()
    declined = ConsultationFactory(status=Status.DECLINED, first_name="<b>Dee</b>")
    page = act(admin_client, "mark_contacted", [new, declined])
    html = page.content.decode()
    assert "1 consultation marked contacted." in html
    assert "&lt;b&gt;Dee&lt;/b&gt;" in html
    assert "<b>Dee</b>" not in html
    new.refresh_from_db()
    assert new.status == Status.CONTACTED


@time_machine.travel(datetime(2030, 2, 26, 12, tzinfo=UTC))
def test_scheduling_takes_a_date_and_time_in_the_visitors_zone(client):
    admin_client = client
    admin_client.force_login(AdminFactory())  # signed in on the travelled clock
    consultation = ConsultationFactory(time_zone="America/New_York")

    form = act(admin_client, "schedule", [consultation])
    assert form.context["form"]["time_zone"].value() == "America/New_York"
    assert "America/New_York" in form.content.decode()

    act(
        admin_client,
        "schedule",
        [consultation],
        date="2030-03-05",
        time="09:30",
        time_zone="America/New_York",
    )
    consultation.refresh_from_db()
    assert consultation.status == Status.SCHEDULED
    assert consultation.scheduled_at == datetime(2030, 3, 5, 14, 30, tzinfo=UTC)
    email = Email.objects.get(to=consultation.email)
    assert "09:30" in email.subject


def test_scheduling_a_past_time_says_so_on_the_form(admin_client):
    consultation = ConsultationFactory()
    page = act(
        admin_client,
        "schedule",
        [consultation],
        date="2001-01-01",
        time="09:00",
        time_zone="UTC",
    )
    assert "Choose a time in the future." in page.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW


def test_scheduling_is_for_one_consultation_at_a_time(admin_client):
    page = act(admin_client, "schedule", ConsultationFactory.create_batch(2))
    assert CHOOSE_ONE in page.content.decode()


def test_declining_asks_for_confirmation_first(admin_client):
    consultation = ConsultationFactory()
    confirm = act(admin_client, "decline", [consultation])
    assert "Decline these requests?" in confirm.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW

    act(admin_client, "decline", [consultation], confirmed="yes")
    consultation.refresh_from_db()
    assert consultation.status == Status.DECLINED


def test_converting_creates_the_client_once_even_on_a_double_click(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = TrainerFactory()
    consultation = ConsultationFactory(trainer=trainer, status=Status.COMPLETED)
    confirm = act(admin_client, "convert_to_client", [consultation])
    assert "Convert to clients?" in confirm.content.decode()
    assert Client.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, "convert_to_client", [consultation], confirmed="yes")
        act(admin_client, "convert_to_client", [consultation], confirmed="yes")
    client = Client.objects.get()
    assert client.trainer == trainer
    consultation.refresh_from_db()
    assert consultation.client == client
    assert [m.to for m in mailoutbox] == [[consultation.email]]


def test_converting_without_a_trainer_says_what_to_do(admin_client):
    consultation = ConsultationFactory(first_name="Zoë", last_name="Ng")
    page = act(admin_client, "convert_to_client", [consultation], confirmed="yes")
    assert NEEDS_TRAINER.format(name="Zoë Ng") in page.content.decode()
    assert Client.objects.count() == 0


def test_the_request_page_has_the_actions_as_buttons(admin_client):
    consultation = ConsultationFactory()
    change = reverse("admin:clients_consultation_change", args=[consultation.pk])
    html = admin_client.get(change).content.decode()
    for action in ["assign_trainer", "mark_contacted", "schedule", "convert_to_client"]:
        assert f'name="action" value="{action}"' in html
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{consultation.pk}"' in html


def test_an_action_from_the_request_page_goes_back_to_it(admin_client):
    consultation = ConsultationFactory()
    change = reverse("admin:clients_consultation_change", args=[consultation.pk])
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "mark_contacted",
            ACTION_CHECKBOX_NAME: [consultation.pk],
            "_from_change": "1",
        },
    )
    assert response.url == change
    consultation.refresh_from_db()
    assert consultation.status == Status.CONTACTED


def test_an_action_with_a_form_from_the_request_page_goes_back_to_it(admin_client):
    consultation = ConsultationFactory()
    trainer = TrainerFactory()
    payload = {
        "action": "assign_trainer",
        ACTION_CHECKBOX_NAME: [consultation.pk],
        "_from_change": "1",
    }
    form = admin_client.post(CHANGELIST, payload).content.decode()
    assert 'name="_from_change" value="1"' in form
    done = admin_client.post(
        CHANGELIST, {**payload, "apply": "1", "trainer": trainer.pk}
    )
    assert done.url == reverse(
        "admin:clients_consultation_change", args=[consultation.pk]
    )


def test_the_request_page_offers_no_view_on_site_the_owner_would_be_refused(
    admin_client,
):
    """The owner is not a trainer: the trainer's page answered them with a 403."""
    consultation = ConsultationFactory()
    change = reverse("admin:clients_consultation_change", args=[consultation.pk])
    html = admin_client.get(change).content.decode()
    assert "View on site" not in html


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (
            Status.NEW,
            {
                "assign_trainer",
                "mark_contacted",
                "schedule",
                "decline",
                "convert_to_client",
            },
        ),
        (
            Status.CONTACTED,
            {"assign_trainer", "schedule", "decline", "convert_to_client"},
        ),
        (Status.DECLINED, set()),
    ],
)
def test_the_request_page_offers_only_the_steps_that_move_it_on(
    admin_client, status, offered
):
    consultation = ConsultationFactory(status=status)
    change = reverse("admin:clients_consultation_change", args=[consultation.pk])
    html = admin_client.get(change).content.decode()
    shown = {
        action for action in STEPS_FROM if f'name="action" value="{action}"' in html
    }
    assert shown == offered


def test_a_converted_request_offers_no_convert_nor_any_other_step(admin_client):
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")
    consultation = ConsultationFactory(trainer=trainer)
    act(admin_client, "convert_to_client", [consultation], apply="1")
    consultation.refresh_from_db()
    assert consultation.status == Status.CONVERTED
    change = reverse("admin:clients_consultation_change", args=[consultation.pk])
    html = admin_client.get(change).content.decode()
    assert "Move this request on" not in html
    assert "is a client of Chris Coach now" in html


def test_every_step_of_the_admin_says_where_it_is_offered():
    from django.contrib import admin as django_admin

    from clients.admin import ConsultationAdmin

    model_admin = ConsultationAdmin(Consultation, django_admin.site)
    names = {getattr(a, "__name__", a) for a in model_admin.actions}
    assert names == set(STEPS_FROM)
