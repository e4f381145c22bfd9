"""Loading a whole-business export into an install: the way to move the business to
a new server, or to check that an export holds everything. The stored files the
export holds (messages' photos and videos, blog pictures) go back into storage."""

import json
import zipfile
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import FileField
from django.template.defaultfilters import pluralize

from accounts.models import User
from brand.services import brand_cache_clear
from exchange.archive import (
    BUSINESS_TABLES,
    FORMAT,
    MANIFEST,
    Table,
    schema_version,
    stored_file_name,
)

ARCHIVE_UNREADABLE = "{name} is not an export of this app: {reason}."
NOT_A_BUSINESS_EXPORT = (
    "{name} is the export of one client: only a whole-business export can be loaded."
)
OTHER_SCHEMA = (
    "{name} was made by another version of the app ({app}: {theirs}, here {ours}). "
    "Run this version's migrations on the install it came from, or this install's "
    "on the same version, and export again."
)
DATABASE_NOT_EMPTY = (
    "This database already holds {count} user{s}. Loading replaces everything in "
    "it: say so with --replace."
)


def _manifest(archive: zipfile.ZipFile, name: str) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise ValidationError(
            ARCHIVE_UNREADABLE.format(name=name, reason=f"no readable {MANIFEST}")
        ) from exc
    if manifest.get("format") != FORMAT:
        raise ValidationError(
            ARCHIVE_UNREADABLE.format(name=name, reason="an unknown format")
        )
    if manifest.get("kind") != "business":
        raise ValidationError(NOT_A_BUSINESS_EXPORT.format(name=name))
    ours = schema_version()
    theirs = manifest.get("schema", {})
    for app in sorted(set(ours) | set(theirs)):
        if ours.get(app) != theirs.get(app):
            raise ValidationError(
                OTHER_SCHEMA.format(
                    name=name,
                    app=app,
                    theirs=theirs.get(app, "none"),
                    ours=ours.get(app, "none"),
                )
            )
    return manifest


def _insert(model, objects: list) -> None:
    """Insert rows exactly as exported: primary keys and timestamps kept (``raw``,
    as ``loaddata`` does, so that ``auto_now`` does not restamp them), in batches."""
    if not objects:
        return
    fields = list(model._meta.concrete_fields)
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(
            objects[start : start + size], fields=fields, raw=True
        )


CHUNK = 1024 * 1024


def _same_file(storage, name: str, archive: zipfile.ZipFile, entry: str) -> bool:
    if storage.size(name) != archive.getinfo(entry).file_size:
        return False
    with storage.open(name, "rb") as mine, archive.open(entry) as theirs:
        while True:
            chunk = mine.read(CHUNK)
            if chunk != theirs.read(CHUNK):
                return False
            if not chunk:
                return True


def _restore_files(
    archive: zipfile.ZipFile, table: Table, objects: list, written: list
) -> None:
    """Put the stored files of ``table``'s rows that the archive holds back into
    storage, before the rows are inserted: under the name each row gives, or, when
    this storage holds another file by that name, under a free name the row then
    takes. A file already there with the same bytes (loading back into the same
    install) is left as it is. Each file written is added to ``written``."""
    fields = [f for f in table.model._meta.concrete_fields if isinstance(f, FileField)]
    if not fields:
        return
    entries = set(archive.namelist())
    for obj in objects:
        for field in fields:
            name = field.value_from_object(obj).name
            entry = name and stored_file_name(table, obj.pk, field.attname, name)
            if not entry or entry not in entries:
                continue  # no file to restore: it was gone before the export
            storage = field.storage
            if storage.exists(name) and _same_file(storage, name, archive, entry):
                continue
            with archive.open(entry) as data:
                saved = storage.save(name, File(data, name=Path(name).name))
            written.append((storage, saved))
            if saved != name:
                setattr(obj, field.attname, saved)


@transaction.atomic
def business_load(*, path: Path, replace: bool = False) -> dict[str, int]:
    """Load a whole-business export into this database, replacing what it holds, in
    one transaction: either all of it is loaded or nothing changes.

    Refused when the file is not a whole-business export of this app, when it was
    made on another version of the schema, or when the database already has users
    and ``replace`` is not given. Returns the rows loaded per table."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationError(
            ARCHIVE_UNREADABLE.format(name=name, reason="not a zip file")
        ) from exc
    written: list = []  # files put into storage, removed again if the load fails
    try:
        with archive:
            return _load(archive, name, replace=replace, written=written)
    except BaseException:
        for storage, stored in written:
            storage.delete(stored)
        raise


def _load(
    archive: zipfile.ZipFile, name: str, *, replace: bool, written: list
) -> dict[str, int]:
    """``business_load`` once the archive is open."""
    manifest = _manifest(archive, name)
    users = User.objects.count()
    if users and not replace:
        raise ValidationError(
            DATABASE_NOT_EMPTY.format(count=users, s=pluralize(users))
        )
    for table in reversed(BUSINESS_TABLES):
        table.model._base_manager.all().delete()
    loaded = {}
    for table in BUSINESS_TABLES:
        with archive.open(f"{table.label}.json") as data:
            objects = [
                row.object for row in serializers.deserialize("json", data.read())
            ]
        _restore_files(archive, table, objects, written)
        _insert(table.model, objects)
        loaded[table.label] = len(objects)
        if loaded[table.label] != manifest["tables"].get(table.label):
            raise ValidationError(
                ARCHIVE_UNREADABLE.format(
                    name=name, reason=f"{table.label} is incomplete"
                )
            )
    models = [table.model for table in BUSINESS_TABLES]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    transaction.on_commit(brand_cache_clear)  # pages show the brand loaded at once
    return loaded
