"""Imports applied at once, for real on PostgreSQL: one at a time, so each client is
created once and neither answers with an error (before, two previews of one file
made every client twice, or failed on the unique email)."""

import pytest

from clients.models import Client
from exchange.models import ClientImport
from exchange.services import client_import_apply, client_import_preview
from tests.factories import AdminFactory, TrainerFactory
from tests.locks import race

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 50


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


NAMES_ONLY = _csv(
    "name,trainer", *(f"Client{n} Person{n},coach@example.com" for n in range(ROWS))
)
WITH_EMAILS = _csv(
    "name,email,trainer",
    *(f"Client{n} Person{n},c{n}@example.com,coach@example.com" for n in range(ROWS)),
)


@pytest.fixture
def owner(postgres):
    TrainerFactory(email="coach@example.com")
    return AdminFactory()


def _preview(owner, data: bytes) -> ClientImport:
    return client_import_preview(uploaded_by=owner, file_name="clients.csv", data=data)


@pytest.mark.parametrize("data", [NAMES_ONLY, WITH_EMAILS], ids=["names", "emails"])
def test_two_previews_of_one_file_applied_at_once_create_each_client_once(owner, data):
    first, second = _preview(owner, data), _preview(owner, data)
    assert first.report["create"] == second.report["create"] == ROWS

    waited = race(
        lambda: client_import_apply(client_import=first),
        lambda: client_import_apply(client_import=second),
    )

    assert waited, "the second import never waited for the first"
    assert Client.objects.count() == ROWS
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.report["create"], first.report["unchanged"]) == (ROWS, 0)
    assert (second.report["create"], second.report["unchanged"]) == (0, ROWS)
    assert first.status == second.status == ClientImport.Status.APPLIED


def test_one_preview_applied_twice_at_once_creates_each_client_once(owner):
    preview = _preview(owner, NAMES_ONLY)
    waited = race(
        lambda: client_import_apply(client_import=preview),
        lambda: client_import_apply(client_import=preview),
    )
    assert waited
    assert Client.objects.count() == ROWS
    preview.refresh_from_db()
    assert preview.report["create"] == ROWS
