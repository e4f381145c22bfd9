"""Moving a business in: clients from a spreadsheet, previewed row by row, imported
in one transaction, the same file twice changing nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import Client
from exchange.models import ClientImport
from exchange.services import client_import_apply, client_import_preview
from exchange.services.imports import (
    BAD_PHONE,
    CELL_TOO_LONG,
    CLIENT_ADDED_MEANWHILE,
    DUPLICATE_EMAIL,
    FILE_TOO_BIG,
    FORMULA,
    MAX_CELL,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MISSING_COLUMNS,
    MISSING_NAME,
    NOT_CSV,
    NOT_UTF8,
    TOO_MANY_ROWS,
    UNKNOWN_TRAINER,
)
from tests.factories import AdminFactory, ClientFactory, TrainerFactory


@pytest.fixture
def owner(db):
    return AdminFactory()


@pytest.fixture
def coach(db):
    return TrainerFactory(
        email="coach@example.com", first_name="Chris", last_name="Coach"
    )


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


GOOD = _csv(
    "name,email,phone,trainer,goals,injuries,notes",
    "Ana Lopez,ana@example.com,+44 7700 900123,coach@example.com,Deadlift,Knee,Early",
    "Ben Ode,,,Chris Coach,,,",
)


def _preview(owner, data: bytes) -> ClientImport:
    return client_import_preview(uploaded_by=owner, file_name="clients.csv", data=data)


def test_the_preview_saves_no_client_and_shows_what_importing_would_do(owner, coach):
    preview = _preview(owner, GOOD)
    assert not Client.objects.exists()
    assert [row["action"] for row in preview.rows] == ["create", "create"]
    assert preview.report["create"] == 2
    ana = preview.rows[0]
    assert (ana["first_name"], ana["last_name"], ana["trainer_id"]) == (
        "Ana",
        "Lopez",
        coach.pk,
    )
    assert ana["notes"] == "Goals: Deadlift\n\nInjuries or pain: Knee\n\nEarly"


def test_importing_creates_every_valid_row_and_the_same_file_again_changes_nothing(
    owner, coach
):
    applied = client_import_apply(client_import=_preview(owner, GOOD))
    assert applied.report | {"ignored_columns": []} == {
        "create": 2,
        "unchanged": 0,
        "refused": 0,
        "ignored_columns": [],
    }
    assert set(Client.objects.values_list("first_name", "trainer")) == {
        ("Ana", coach.pk),
        ("Ben", coach.pk),
    }
    stamps = list(Client.objects.values_list("pk", "updated_at"))

    again = client_import_apply(client_import=_preview(owner, GOOD))

    assert again.report["create"] == 0
    assert again.report["unchanged"] == 2
    assert list(Client.objects.values_list("pk", "updated_at")) == stamps


def test_applying_twice_imports_once(owner, coach):
    preview = _preview(owner, GOOD)
    client_import_apply(client_import=preview)
    client_import_apply(client_import=preview)
    assert Client.objects.count() == 2


def test_every_bad_row_is_named_with_its_problems(owner, coach):
    ClientFactory(trainer=coach, email="known@example.com", first_name="Kim")
    preview = _preview(
        owner,
        _csv(
            "name,email,phone,trainer,notes",
            "Ana,ana@example.com,,coach@example.com,",
            "Ana Again,ANA@example.com,,coach@example.com,",
            "Nobody,no@example.com,,ghost@example.com,",
            "Phil,phil@example.com,call me,coach@example.com,",
            ",anon@example.com,,coach@example.com,",
            'Eve,eve@example.com,,coach@example.com,=HYPERLINK("http://x")',
            "Kim,known@example.com,,coach@example.com,",
            "Tel,tel@example.com,+44 20 7946 0000,coach@example.com,",
            f"Long,long@example.com,,coach@example.com,{'x' * (MAX_CELL + 1)}",
        ),
    )
    by_row = {row["row"]: row for row in preview.rows}
    assert by_row[2]["action"] == "create"
    assert by_row[3]["problems"] == [
        DUPLICATE_EMAIL.format(email="ana@example.com", row=2)
    ]
    assert by_row[4]["problems"] == [
        UNKNOWN_TRAINER.format(trainer="ghost@example.com")
    ]
    assert by_row[5]["problems"] == [BAD_PHONE.format(phone="call me")]
    assert by_row[6]["problems"] == [MISSING_NAME]
    assert by_row[7]["problems"] == [FORMULA.format(column="notes", prefix="=")]
    assert by_row[8]["action"] == "unchanged"
    assert by_row[9]["action"] == "create", "a phone's + is not a formula"
    assert by_row[10]["problems"] == [
        CELL_TOO_LONG.format(column="notes", length=MAX_CELL + 1, limit=MAX_CELL)
    ]
    assert len(by_row[10]["notes"]) <= 200
    assert preview.report == {
        "create": 2,
        "unchanged": 1,
        "refused": 6,
        "ignored_columns": [],
    }

    client_import_apply(client_import=preview)
    assert set(Client.objects.values_list("email", flat=True)) == {
        "known@example.com",
        "ana@example.com",
        "tel@example.com",
    }


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_a_formula_in_any_column_is_refused(owner, coach, prefix):
    preview = _preview(
        owner, _csv("name,trainer,goals", f"Ana,coach@example.com,{prefix}1+2")
    )
    assert preview.rows[0]["problems"] == [
        FORMULA.format(column="goals", prefix=prefix)
    ]


def test_columns_in_another_order_and_under_other_names(owner, coach):
    preview = _preview(
        owner,
        _csv(
            "Coach,E-mail,Surname,First Name,Mobile,Shoe size",
            "coach@example.com,ana@example.com,Lopez,Ana,07700 900123,38",
        ),
    )
    row = preview.rows[0]
    assert (row["first_name"], row["last_name"], row["email"], row["phone"]) == (
        "Ana",
        "Lopez",
        "ana@example.com",
        "07700 900123",
    )
    assert preview.report["ignored_columns"] == ["Shoe size"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "name,trainer\nJosé,coach@example.com\n".encode("latin-1"),
            NOT_UTF8.format(position=16),
        ),
        (_csv("email,phone", "a@example.com,"), MISSING_COLUMNS.split("{")[0]),
        (_csv("name,trainer", "Ana,coach@example.com,extra"), NOT_CSV.split("{")[0]),
        (
            b"name,trainer\n" + b"A,coach@example.com\n" * 100_000,
            TOO_MANY_ROWS.format(count=100_000, limit=MAX_ROWS),
        ),
        (
            b"name,trainer,notes\nA,coach@example.com," + b"x" * 10 * 1024 * 1024,
            FILE_TOO_BIG.split("{")[0],
        ),
    ],
    ids=["not-utf8", "no-name-column", "ragged", "100k-rows", "10mb-cell"],
)
def test_a_file_that_cannot_be_read_is_refused_whole(owner, coach, data, message):
    with pytest.raises(ValidationError) as refused:
        _preview(owner, data)
    assert refused.value.messages[0].startswith(message)
    assert not ClientImport.objects.exists()


def test_nothing_is_half_imported(owner, coach, monkeypatch):
    preview = _preview(owner, GOOD)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ClientImport, "save", fail)
    with pytest.raises(RuntimeError):
        client_import_apply(client_import=preview)
    assert not Client.objects.exists()


def test_a_row_that_became_a_duplicate_since_the_preview_is_left_unchanged(
    owner, coach
):
    preview = _preview(owner, GOOD)
    ClientFactory(trainer=coach, email="ana@example.com", first_name="Ana")
    applied = client_import_apply(client_import=preview)
    assert (applied.report["create"], applied.report["unchanged"]) == (1, 1)
    assert Client.objects.filter(email="ana@example.com").count() == 1


def test_the_owner_uploads_previews_and_imports(client, owner, coach):
    client.force_login(owner)
    page = client.get(reverse("exchange:data"))
    assert page.status_code == 200
    upload = client.post(
        reverse("exchange:import_new"),
        {"file": _file(GOOD)},
    )
    preview = ClientImport.objects.get()
    assert upload.url == preview.get_absolute_url()
    assert "Ana Lopez" in client.get(upload.url).text
    assert not Client.objects.exists()
    done = client.post(
        reverse("exchange:import_apply", kwargs={"pk": preview.pk}), follow=True
    )
    assert "Imported: 2 new, 0 already there, 0 refused." in done.text
    assert Client.objects.count() == 2


def test_the_owner_is_told_why_a_file_is_refused(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("exchange:import_new"),
        {"file": _file("name,trainer\nJosé,x\n".encode("latin-1"))},
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.text


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("clients.csv", data, content_type="text/csv")


def test_an_upload_over_the_limit_is_refused_without_reading_it_all(client, owner):
    client.force_login(owner)
    big = b"name,trainer\n" + b"A,coach@example.com\n" * (MAX_FILE_BYTES // 10)
    response = client.post(reverse("exchange:import_new"), {"file": _file(big)})
    assert response.status_code == 400
    assert "over 5 MB" in response.text
    assert not ClientImport.objects.exists()


def test_a_client_added_by_hand_during_the_import_stops_it_with_a_message(
    owner, coach, client, monkeypatch
):
    """The recheck under the lock cannot see a client added meanwhile by a form,
    which takes no lock of imports; the unique email stops it, with a message."""
    preview = _preview(owner, GOOD)
    ClientFactory(trainer=coach, email="ana@example.com")
    monkeypatch.setattr(
        "exchange.services.imports._known_clients", lambda ids: (set(), set())
    )
    with pytest.raises(ValidationError) as refused:
        client_import_apply(client_import=preview)
    assert refused.value.messages == [CLIENT_ADDED_MEANWHILE]
    assert Client.objects.count() == 1
    preview.refresh_from_db()
    assert preview.status == ClientImport.Status.PREVIEWED

    client.force_login(owner)
    response = client.post(
        reverse("exchange:import_apply", kwargs={"pk": preview.pk}), follow=True
    )
    assert response.status_code == 200
    assert CLIENT_ADDED_MEANWHILE in response.content.decode()
