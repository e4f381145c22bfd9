"""After an import, the owner invites the imported clients in one action: through
the outbox, each once, whatever the clicks."""

import pytest
from django.urls import reverse

from accounts.models import User
from clients.models import Client
from exchange.models import ClientImport
from exchange.services import (
    NOT_APPLIED,
    client_import_apply,
    client_import_invite,
    client_import_preview,
)
from outbox.models import Email
from tests.exchange.test_imports import _csv
from tests.factories import AdminFactory, ClientFactory, TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db

FILE = _csv(
    "name,email,trainer",
    "Ana Lopez,ana@example.com,coach@example.com",
    "Ben Ode,,coach@example.com",
    "Cy Park,cy@example.com,coach@example.com",
    "Dee Ray,dee@example.com,coach@example.com",
)


@pytest.fixture
def owner(db):
    return AdminFactory()


@pytest.fixture
def coach(db):
    return TrainerFactory(email="coach@example.com")


def _applied(owner) -> ClientImport:
    preview = client_import_preview(uploaded_by=owner, file_name="c.csv", data=FILE)
    return client_import_apply(client_import=preview)


def test_each_imported_client_with_an_email_is_invited_once(
    owner, coach, django_capture_on_commit_callbacks, mailoutbox
):
    # Already there before the import: not the import's, never invited by it.
    ClientFactory(trainer=coach, first_name="Old", email="old@example.com")
    UserFactory(email="dee@example.com")  # Dee's email logs someone else in
    applied = _applied(owner)

    with django_capture_on_commit_callbacks(execute=True):
        counts = client_import_invite(client_import=applied, invited_by=owner)
    assert counts == {"invited": 2, "has_login": 0, "email_taken": 1, "no_email": 1}
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.com", "cy@example.com"]
    assert set(
        Client.objects.filter(user__isnull=False).values_list("first_name", flat=True)
    ) == {"Ana", "Cy"}

    with django_capture_on_commit_callbacks(execute=True):
        again = client_import_invite(client_import=applied, invited_by=owner)
    assert again["invited"] == 0
    assert again["has_login"] == 2
    assert len(mailoutbox) == 2
    assert Email.objects.filter(key__startswith="import-invite:").count() == 2
    applied.refresh_from_db()
    assert applied.report["invited"] == 2


def test_a_preview_cannot_invite(owner, coach):
    preview = client_import_preview(uploaded_by=owner, file_name="c.csv", data=FILE)
    with pytest.raises(Exception, match=NOT_APPLIED):
        client_import_invite(client_import=preview, invited_by=owner)
    assert not User.objects.filter(role=User.Role.CLIENT).exists()


def test_the_import_page_offers_one_invite_then_says_it_is_done(
    client, owner, coach, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(owner)
    applied = _applied(owner)
    page = client.get(applied.get_absolute_url()).text
    assert "Invite 3 clients to log in" in page
    url = reverse("exchange:import_invite", kwargs={"pk": applied.pk})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, follow=True)
        client.post(url)  # a double click
    assert "Invitations are on their way to 3 clients." in done.text
    assert len(mailoutbox) == 3
    page = client.get(applied.get_absolute_url()).text
    assert "Invite" not in page.split("<main", 1)[-1].split("Added", 1)[0]
    assert "Invitations sent on" in page


def test_nothing_to_import_offers_no_import_button(client, owner, coach):
    client.force_login(owner)
    _applied(owner)
    again = client_import_preview(uploaded_by=owner, file_name="c.csv", data=FILE)
    page = client.get(again.get_absolute_url()).text
    assert "Import 0" not in page
    assert "Nothing to import" in page
    assert "4 clients are already there" in page
