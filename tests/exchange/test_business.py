"""A whole-business export loads into an install with nothing lost."""

import json
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from booking.models import Booking, WeeklyHours
from brand.models import Brand
from brand.selectors import brand_get
from brand.services import brand_save
from exchange.archive import BUSINESS_TABLES, NOT_EXPORTED, archive_write
from exchange.services import (
    DATABASE_NOT_EMPTY,
    NOT_A_BUSINESS_EXPORT,
    business_load,
)
from exchange.services.exports import business_tables
from tests.factories import ClientFactory, TrainerFactory
from training.models import Workout

REVISION = ("clients.client", "revision")


def _snapshot() -> dict[str, list[dict]]:
    """Every row of every table, but the clients' revisions: the database gives a
    client a new one when their rows are written, and loading writes them all."""
    return {
        table.label: [
            {k: v for k, v in row.items() if (table.label, k) != REVISION}
            for row in table.model._base_manager.order_by("pk").values()
        ]
        for table in BUSINESS_TABLES
    }


def _export(path):
    archive_write(path, kind="business", tables=business_tables())
    return path


def test_every_table_of_the_install_is_exported_or_left_out_for_a_reason():
    """Whatever app it comes from, Django's and libraries' included: a new table
    cannot be forgotten."""
    labels = {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy or model._meta.label_lower in NOT_EXPORTED
    }
    exported = {table.label for table in BUSINESS_TABLES}
    assert labels - exported - set(NOT_EXPORTED) == set()
    assert exported & set(NOT_EXPORTED) == set()
    assert set(NOT_EXPORTED) - labels == set(), "left out, but no such table"


def test_the_brand_and_its_pictures_make_the_round_trip(business, tmp_path):
    logo = bytes(Brand.objects.get().logo)
    path = _export(tmp_path / "business.zip")
    brand_save(brand=Brand(business_name="Someone else"), images={"logo": None})

    business_load(path=path, replace=True)

    brand = Brand.objects.get()
    assert brand.business_name == "North Strength"
    assert brand.prices == "10 sessions: 500"
    assert bytes(brand.logo) == logo
    assert brand_get().business_name == "North Strength"  # not the cached one
    with zipfile.ZipFile(path) as archive:
        assert archive.read("files/brand.brand/1.logo.png") == logo
        assert (
            "files/brand.brand/1.logo.png" in archive.read("brand.brand.csv").decode()
        )


def test_a_business_export_loads_back_table_by_table_with_nothing_lost(
    business, tmp_path
):
    before = _snapshot()
    empty = [label for label, rows in before.items() if not rows]
    assert not empty, f"the demo leaves these tables empty: {empty}"
    path = _export(tmp_path / "business.zip")
    # What happens on the new install before the load: other rows, some missing.
    ClientFactory(trainer=TrainerFactory())
    Workout.objects.filter(pk=before["training.workout"][0]["id"]).delete()

    loaded = business_load(path=path, replace=True)

    after = _snapshot()
    for label, rows in before.items():
        assert loaded[label] == len(rows), label
        assert after[label] == rows, f"{label} differs after the round trip"


def test_loading_keeps_what_the_database_held_without_replace(business, tmp_path):
    path = _export(tmp_path / "business.zip")
    with pytest.raises(ValidationError) as refused:
        business_load(path=path)
    assert "already holds" in refused.value.messages[0]
    assert DATABASE_NOT_EMPTY.split("{")[0] in refused.value.messages[0]


def test_an_incomplete_export_loads_nothing(business, tmp_path):
    path = _export(tmp_path / "business.zip")
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "training.workout.json":
                rows = json.loads(data)
                data = json.dumps(rows[:-1]).encode()
            target.writestr(item, data)
    before = _snapshot()

    with pytest.raises(ValidationError, match="incomplete"):
        business_load(path=broken, replace=True)

    assert _snapshot() == before


def test_a_client_export_or_another_file_is_refused(business, tmp_path):
    client_zip = tmp_path / "client.zip"
    archive_write(client_zip, kind="client", tables=[])
    with pytest.raises(ValidationError) as refused:
        business_load(path=client_zip, replace=True)
    assert refused.value.messages == [NOT_A_BUSINESS_EXPORT.format(name="client.zip")]

    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    with pytest.raises(ValidationError, match="not a zip file"):
        business_load(path=not_zip, replace=True)


def test_an_export_of_another_schema_is_refused(business, tmp_path):
    path = _export(tmp_path / "business.zip")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(other, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema"]["training"] = "9999_future"
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    with pytest.raises(ValidationError, match="another version"):
        business_load(path=other, replace=True)


def test_availability_and_bookings_make_the_round_trip_and_a_visitors_link_works(
    business, tmp_path, client
):
    booking = Booking.objects.get(email="vic@example.com")
    path = _export(tmp_path / "business.zip")
    Booking.objects.all().delete()
    WeeklyHours.objects.all().delete()

    loaded = business_load(path=path, replace=True)

    assert loaded["booking.booking"] == 1
    assert loaded["booking.sessionbooking"] == 1
    assert WeeklyHours.objects.filter(trainer=business.trainer).count() == 11
    restored = Booking.objects.get(pk=booking.pk)
    assert restored.token == booking.token
    assert restored.consultation_id == booking.consultation_id
    assert restored.remind_24h_at == booking.remind_24h_at
    # The visitor's link from the email still opens the booking on the new install.
    response = client.get(booking.get_absolute_url())
    assert response.status_code == 200
    assert f"/book/{booking.token}/cancel/" in response.content.decode()
