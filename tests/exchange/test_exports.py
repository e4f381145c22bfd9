"""A client's export: everything the app holds about them, and nothing about anyone
else; built by the worker and sent as a link only its owner can open."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings as settings_module
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import Client
from exchange.archive import client_tables
from exchange.models import Export
from exchange.services import NOT_ALLOWED, export_request
from exchange.services.exports import export_build, export_path, export_sweep
from exchange.tasks import export_sweep_task
from outbox.models import Email
from programming.models import Assignment, AssignmentChange, Variation
from tests.factories import AdminFactory, ClientFactory, TrainerFactory
from training.models import WorkoutSet


def _request(django_capture_on_commit_callbacks, **kwargs) -> Export:
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(**kwargs)
    export.refresh_from_db()
    return export


def _zip(export: Export) -> zipfile.ZipFile:
    return zipfile.ZipFile(export_path(export))


def test_a_client_export_holds_every_table_about_them_and_only_their_rows(
    business, django_capture_on_commit_callbacks, mailoutbox
):
    client = business
    export = _request(
        django_capture_on_commit_callbacks,
        requested_by=client.trainer,
        client=client,
    )
    assert export.status == Export.Status.READY

    with _zip(export) as archive:
        names = set(archive.namelist())
        for table in client_tables():
            assert {f"{table.label}.json", f"{table.label}.csv"} <= names
            rows = json.loads(archive.read(f"{table.label}.json"))
            ids = {row["pk"] for row in rows}
            theirs = table.model.objects.filter(**{table.client_path: client.pk})
            assert ids == set(theirs.values_list("pk", flat=True)), table.label
            others = table.model.objects.exclude(**{table.client_path: client.pk})
            assert not ids & set(others.values_list("pk", flat=True)), table.label
            sheet = csv.DictReader(
                io.StringIO(archive.read(f"{table.label}.csv").decode())
            )
            assert {int(row["id"]) for row in sheet} == ids, table.label
        variations = json.loads(archive.read("programming.variation.json"))
        named = {row["pk"] for row in variations}
        assert named
        assert named <= set(Variation.objects.values_list("pk", flat=True))
        assert json.loads(archive.read("manifest.json"))["kind"] == "client"
    # The demo gives other clients rows in the same tables: the test means something.
    assert Client.objects.exclude(pk=client.pk).filter(workouts__isnull=False).exists()


def test_the_link_is_emailed_through_the_outbox_to_whoever_asked(
    business, django_capture_on_commit_callbacks, mailoutbox, client
):
    export = _request(
        django_capture_on_commit_callbacks,
        requested_by=business.user,
        client=business,
    )
    email = Email.objects.get(key=f"export-ready:{export.pk}")
    assert email.to == business.user.email
    assert [m.to for m in mailoutbox] == [[business.user.email]]
    url = reverse("exchange:export_download", kwargs={"pk": export.pk})
    assert url in mailoutbox[0].body

    client.force_login(business.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    client.force_login(business.trainer)
    assert client.get(url).status_code == 404


def test_building_twice_builds_once(business, django_capture_on_commit_callbacks):
    export = _request(
        django_capture_on_commit_callbacks,
        requested_by=business.trainer,
        client=business,
    )
    assert export_build(export_id=export.pk) is None
    assert Email.objects.filter(key=f"export-ready:{export.pk}").count() == 1


def test_who_may_ask(db):
    trainer, other = TrainerFactory(), TrainerFactory()
    coached = ClientFactory(trainer=trainer)
    assert export_request(requested_by=trainer, client=coached).kind == "client"
    assert export_request(requested_by=AdminFactory(), client=coached)
    assert export_request(requested_by=AdminFactory()).kind == "business"
    for refused in [
        {"requested_by": other, "client": coached},
        {"requested_by": trainer},
        {"requested_by": ClientFactory(trainer=trainer).user or other},
    ]:
        with pytest.raises(ValidationError) as error:
            export_request(**refused)
        assert error.value.messages == [NOT_ALLOWED]


def test_the_client_asks_from_their_profile(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.client_a.user)
    assert reverse("exchange:my_export") in client.get(reverse("accounts:profile")).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:my_export"), follow=True)
    assert "emailed to" in response.text
    export = Export.objects.get(requested_by=world.client_a.user)
    assert export.client == world.client_a
    assert export.status == Export.Status.READY


def test_the_trainer_asks_from_the_client_page(client, world):
    client.force_login(world.trainer_a)
    page = reverse("dashboard:client_detail", kwargs={"pk": world.client_a.pk})
    url = reverse("exchange:client_export", kwargs={"client_pk": world.client_a.pk})
    assert url in client.get(page).text
    assert client.post(url).status_code == 302
    assert Export.objects.get(requested_by=world.trainer_a).client == world.client_a


def test_the_owner_asks_for_any_client_or_the_whole_business(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("exchange:data")).status_code == 200
    client.post(reverse("exchange:owner_client_export"), {"client": world.client_b.pk})
    client.post(reverse("exchange:business_export"))
    kinds = set(
        Export.objects.filter(requested_by=world.admin).values_list("kind", "client")
    )
    assert kinds == {("client", world.client_b.pk), ("business", None)}


def test_an_export_is_kept_for_its_days_then_swept(
    business, django_capture_on_commit_callbacks, client, settings
):
    export = _request(
        django_capture_on_commit_callbacks,
        requested_by=business.user,
        client=business,
    )
    email = Email.objects.get(key=f"export-ready:{export.pk}")
    assert f"for {settings.EXPORT_KEEP_DAYS} days" in email.body_text
    url = reverse("exchange:export_download", kwargs={"pk": export.pk})
    client.force_login(business.user)
    built = export.finished_at
    kept = timedelta(days=settings.EXPORT_KEEP_DAYS)

    assert export_sweep(now=built + kept - timedelta(minutes=1)) == 0
    assert export_path(export).exists()
    assert client.get(url).status_code == 200

    assert export_sweep(now=built + kept + timedelta(minutes=1)) == 1
    export.refresh_from_db()
    assert export.status == Export.Status.EXPIRED
    assert not export_path(export).exists()
    gone = client.get(url)
    assert gone.status_code == 410
    assert "This export is no longer kept" in gone.content.decode()
    assert reverse("accounts:profile") in gone.content.decode()
    assert export_sweep(now=built + 2 * kept) == 0  # swept once

    client.force_login(business.trainer)  # not theirs, kept or not
    assert client.get(url).status_code == 404


def test_the_sweep_runs_every_hour():
    entry = settings_module.CELERY_BEAT_SCHEDULE["export-sweep"]
    assert entry["task"] == export_sweep_task.name
    assert entry["schedule"] <= 60 * 60


def test_a_client_export_has_files_a_person_reads(
    business, django_capture_on_commit_callbacks
):
    client = business
    export = _request(
        django_capture_on_commit_callbacks, requested_by=client.trainer, client=client
    )
    with _zip(export) as archive:

        def sheet(name):
            text = archive.read(f"readable/{name}.csv").decode()
            return list(csv.DictReader(io.StringIO(text)))

        workouts = sheet("workouts")
        assignments = sheet("assignments")
        moves = sheet("moves")
        readme = archive.read("readable/README.txt").decode()

    sets = WorkoutSet.objects.filter(exercise__workout__client=client)
    assert len(workouts) == sets.count() > 0
    first = sets.select_related("exercise__variation", "exercise__workout").order_by(
        "exercise__workout__performed_on", "exercise__workout", "exercise__position"
    )[0]
    assert workouts[0]["exercise"] == first.exercise.variation.name
    assert workouts[0]["date"] == first.exercise.workout.performed_on.isoformat()
    current = Assignment.objects.current().filter(client=client)
    hinge = current.select_related("variation").get(pattern="hinge")
    row = next(
        r for r in assignments if r["pattern"] == "Hinge" and r["current"] == "yes"
    )
    assert row["variation"] == hinge.variation.name
    assert row["rung"].isdigit()
    assert (
        len(moves) == AssignmentChange.objects.filter(assignment__client=client).count()
    )
    assert client.full_name in readme
