import pytest
from django.urls import reverse

from accounts.models import User
from clients.models import Client
from clients.services import CLIENT_HAS_LOGIN, CLIENT_NEEDS_EMAIL, EMAIL_TAKEN
from tests.factories import ClientFactory, TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_trainer_adds_a_client(trainer_client, trainer):
    response = trainer_client.post(
        reverse("clients:client_new"),
        {"first_name": "Zoë", "last_name": "<i>Ng</i>", "email": "ZOE@Example.com"},
        follow=True,
    )
    client = Client.objects.get()
    assert client.trainer == trainer
    assert client.email == "zoe@example.com"
    assert "Zoë &lt;i&gt;Ng&lt;/i&gt; is added." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "A" * 101}, "first_name"),
        ({"first_name": "Al", "email": "not-an-email"}, "email"),
        ({"first_name": "Al", "phone": "1" * 40}, "phone"),
    ],
)
def test_bad_client_details_are_refused_on_the_field(trainer_client, data, field):
    response = trainer_client.post(reverse("clients:client_new"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Client.objects.count() == 0


def test_two_clients_of_one_trainer_cannot_share_an_email(trainer_client, trainer):
    ClientFactory(trainer=trainer, email="al@example.com")
    response = trainer_client.post(
        reverse("clients:client_new"), {"first_name": "Al", "email": "AL@example.com"}
    )
    assert "You already have a client with this email." in response.content.decode()
    assert Client.objects.count() == 1


def test_a_trainer_edits_a_client(trainer_client, coached):
    url = reverse("clients:client_edit", args=[coached.pk])
    trainer_client.post(url, {"first_name": "Renamed", "email": coached.email})
    coached.refresh_from_db()
    assert coached.first_name == "Renamed"


def test_archiving_asks_first_then_hides_the_client(trainer_client, coached):
    url = reverse("clients:client_archive", args=[coached.pk])
    confirm = trainer_client.get(url)
    assert "Archive" in confirm.content.decode()
    coached.refresh_from_db()
    assert coached.is_active
    trainer_client.post(url)
    coached.refresh_from_db()
    assert not coached.is_active


def test_inviting_a_client_creates_a_login_and_emails_a_link(
    trainer_client, coached, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("clients:client_invite", args=[coached.pk]), follow=True
        )
    coached.refresh_from_db()
    assert coached.user.role == User.Role.CLIENT
    assert not coached.user.has_usable_password()
    assert [m.to for m in mailoutbox] == [[coached.email]]
    assert "/accounts/reset/" in mailoutbox[0].body
    assert "invitation" in response.content.decode()
    # The client may have no program yet: the subject promises only the login.
    assert mailoutbox[0].subject == "Your login at Strength Coach: set your password"
    assert "program" not in mailoutbox[0].subject.lower()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda c: setattr(c, "email", ""), CLIENT_NEEDS_EMAIL),
        (lambda c: UserFactory(email=c.email), EMAIL_TAKEN),
        (lambda c: setattr(c, "user", UserFactory()), CLIENT_HAS_LOGIN),
    ],
)
def test_an_invitation_that_cannot_be_sent_says_why(
    trainer_client, coached, mailoutbox, setup, message
):
    setup(coached)
    coached.save()
    users_before = User.objects.count()
    response = trainer_client.post(
        reverse("clients:client_invite", args=[coached.pk]), follow=True
    )
    assert message in response.content.decode()
    assert User.objects.count() == users_before
    assert mailoutbox == []


def test_another_trainers_client_cannot_be_changed(trainer_client):
    theirs = ClientFactory(trainer=TrainerFactory(), first_name="Theirs")
    url = reverse("clients:client_edit", args=[theirs.pk])
    assert trainer_client.post(url, {"first_name": "Hacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.first_name == "Theirs"
