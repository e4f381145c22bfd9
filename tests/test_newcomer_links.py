"""The pages a newcomer looks for are one click from where they work: the owner's
imports and exports and API key from every admin page, a trainer's API key from
every page of theirs."""

import pytest
from django.urls import reverse

from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


def test_the_admin_links_to_imports_and_exports_and_the_api_key(client):
    client.force_login(AdminFactory())
    for url in (reverse("admin:index"), reverse("admin:clients_client_changelist")):
        page = client.get(url).text
        assert f'href="{reverse("exchange:data")}"' in page
        assert f'href="{reverse("api:token")}"' in page


def test_a_trainer_finds_their_api_key_in_the_menu(trainer_client):
    page = trainer_client.get(reverse("dashboard:index")).text
    assert f'href="{reverse("api:token")}"' in page
