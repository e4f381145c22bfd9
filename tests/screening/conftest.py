import pytest

from tests.factories import ConsentFactory, ScreeningFactory, SignatureFactory


def put_on_file(client, waiver=None, **screening):
    """A client with consent, a cleared screening and, when there is a waiver, its
    signature: cleared to train."""
    ConsentFactory(client=client)
    ScreeningFactory(client=client, **screening)
    if waiver is not None:
        SignatureFactory(client=client, wording=waiver)
    return client


@pytest.fixture
def on_file():
    return put_on_file


@pytest.fixture
def admin_client(client):
    from tests.factories import AdminFactory

    client.force_login(AdminFactory())
    return client


@pytest.fixture
def api_client(trainer):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(trainer)
    return api
