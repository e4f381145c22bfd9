"""A client's revision, kept by the database.

Each client's cached rows and sections are keyed by ``Client.revision``. The database
replaces it in the same transaction as every write to a row shown on the client's
pages, whoever wrote it (a service, the admin, an import, the API, ``QuerySet.update``,
``bulk_create``, ``delete``, raw SQL): triggers on each table declared shown follow a
row's foreign keys to its client (``"exercise__workout__client"``), or to the trainer
whose clients all see it (``"ladder__owner"``; a row of no trainer, built in, is every
client's). A change to the client's own row gives it a new revision too, whatever
revision the write carried, so an instance read before a change cannot write an older
revision back.

On PostgreSQL the triggers are per statement, with transition tables: one UPDATE of the
clients however many rows the statement wrote. SQLite has only row triggers.

The triggers are made from the models, not kept in migrations: ``sync`` creates the
missing ones and drops those no longer wanted, each named after a digest of its SQL, so
it does nothing when nothing changed. It runs after every ``migrate`` (and ``flush``).
On SQLite, ``drop`` runs before ``migrate``: SQLite alters a table by building a new
one and dropping the old, which drops the table's triggers and is refused while a
trigger on another table names it.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from clients.models import Client

PREFIX = "client_revision_"
_LIKE_OURS = PREFIX.replace("_", "\\_") + "%"  # for LIKE ... ESCAPE '\'


@dataclass(frozen=True)
class Trigger:
    """One trigger: its name (after a digest of its SQL), its table, and the
    statements that make it."""

    name: str
    table: str
    sql: list[str]


def _hops(model: type[models.Model], path: str) -> tuple[list[models.Field], type]:
    """The foreign keys of ``path`` from ``model``, and the model it ends at: the
    client, or the trainer (a user)."""
    hops = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise ValueError(f"{model.__name__}.{name} is not a foreign key")
        hops.append(field)
        model = field.related_model
    if model not in (Client, _user_model()):
        raise ValueError(f"{path} leads to {model.__name__}, not to a client or user")
    return hops, model


def _user_model() -> type:
    return apps.get_model(settings.AUTH_USER_MODEL)


def path_ends(model: type[models.Model], path: str) -> type:
    """The model ``path`` leads to from ``model``: ``Client`` or the user model.
    Raises ``ValueError`` for a path that is not a chain of foreign keys to one."""
    if path == "":
        if model is not Client:
            raise ValueError(f"only the client's own row has an empty path: {model}")
        return Client
    return _hops(model, path)[1]


class _Vendor:
    """What differs between PostgreSQL and SQLite."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.vendor = connection.vendor
        if self.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"no client revision triggers for {self.vendor}")
        self.q = connection.ops.quote_name

    @property
    def new_revision(self) -> str:
        if self.vendor == "postgresql":
            return "gen_random_uuid()"
        # Django keeps a UUIDField as 32 hex digits on SQLite.
        return "lower(hex(randomblob(16)))"

    def rows(self, which: str, column: str) -> str:
        """The rows written, as a FROM item ``r``: the statement's transition table
        on PostgreSQL, the one row on SQLite."""
        if self.vendor == "postgresql":
            return f"{which}_rows AS r"
        return f"(SELECT {which.upper()}.{self.q(column)} AS {self.q(column)}) AS r"


def _ends(v: _Vendor, which: str, hops: list[models.Field]) -> str:
    """A SELECT of the value (``v``) at the end of the chain, for the rows written."""
    first = hops[0]
    sql = [f"FROM {v.rows(which, first.column)}"]
    value = f"r.{v.q(first.column)}"
    for i, hop in enumerate(hops[1:], start=1):
        alias = f"t{i}"
        parent = hops[i - 1]
        sql.append(
            f"JOIN {v.q(hop.model._meta.db_table)} AS {alias} "
            f"ON {alias}.{v.q(parent.target_field.column)} = {value}"
        )
        value = f"{alias}.{v.q(hop.column)}"
    return f"SELECT {value} AS v " + " ".join(sql)


def _bump(v: _Vendor, whiches: list[str], hops: list[models.Field], end: type) -> str:
    """The UPDATE that gives the clients of the rows written a new revision."""
    ends = " UNION ALL ".join(_ends(v, which, hops) for which in whiches)
    clients = v.q(Client._meta.db_table)
    revision = v.q(Client._meta.get_field("revision").column)
    # Every name here comes from the models, quoted: no SQL is made from input.
    update = f"UPDATE {clients} SET {revision} = {v.new_revision} WHERE "  # noqa: S608
    if end is Client:
        return update + f"{v.q(Client._meta.pk.column)} IN ({ends})"
    trainer = v.q(Client._meta.get_field("trainer").column)
    # A row of no trainer (the built-in library) shows for every client.
    where = (
        f"{trainer} IN (SELECT e.v FROM ({ends}) AS e) "  # noqa: S608
        f"OR EXISTS (SELECT 1 FROM ({ends}) AS e WHERE e.v IS NULL)"
    )
    return update + where


_OPS = {"INSERT": ["new"], "UPDATE": ["new", "old"], "DELETE": ["old"]}


def _named(table: str, op: str, sql: list[str]) -> Trigger:
    digest = hashlib.blake2b("\n".join(sql).encode(), digest_size=6).hexdigest()
    name = f"{PREFIX}{op[0].lower()}_{digest}"
    return Trigger(name, table, [s.replace("{name}", name) for s in sql])


def _row_triggers(v: _Vendor, model: type[models.Model], path: str) -> list[Trigger]:
    hops, end = _hops(model, path)
    table = v.q(model._meta.db_table)
    triggers = []
    for op, whiches in _OPS.items():
        bump = _bump(v, whiches, hops, end)
        if v.vendor == "postgresql":
            refs = " ".join(f"{w.upper()} TABLE AS {w}_rows" for w in reversed(whiches))
            sql = [
                "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {bump}; RETURN NULL; END $$",
                f"CREATE TRIGGER {{name}} AFTER {op} ON {table} REFERENCING {refs} "
                "FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
        else:
            sql = [
                f"CREATE TRIGGER {{name}} AFTER {op} ON {table} FOR EACH ROW "
                f"BEGIN {bump}; END"
            ]
        triggers.append(_named(model._meta.db_table, op, sql))
    return triggers


def _client_trigger(v: _Vendor) -> Trigger:
    """A change to any of the client's own columns gives a new revision, whatever
    revision the write carried; a write of the revision alone (the triggers above)
    is kept as it is."""
    table = v.q(Client._meta.db_table)
    revision = Client._meta.get_field("revision").column
    if v.vendor == "postgresql":
        # Compared as JSON, inside the function: a column named in the trigger
        # itself could not have its type altered by a migration.
        sql = [
            "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ "
            f"BEGIN IF (to_jsonb(NEW) - '{revision}') IS DISTINCT FROM "
            f"(to_jsonb(OLD) - '{revision}') THEN NEW.{v.q(revision)} := "
            f"{v.new_revision}; END IF; RETURN NEW; END $$",
            f"CREATE TRIGGER {{name}} BEFORE UPDATE ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION {name}()",
        ]
    else:
        # AFTER, then an UPDATE of the revision: SQLite's triggers are not
        # recursive unless asked, and this one's WHEN ignores the revision anyway.
        changed = " OR ".join(
            f"NEW.{v.q(f.column)} IS NOT OLD.{v.q(f.column)}"
            for f in Client._meta.concrete_fields
            if f.column != revision
        )
        pk = v.q(Client._meta.pk.column)
        sql = [
            f"CREATE TRIGGER {{name}} AFTER UPDATE ON {table} FOR EACH ROW "  # noqa: S608
            f"WHEN {changed} BEGIN UPDATE {table} SET {v.q(revision)} = "
            f"{v.new_revision} WHERE {pk} = NEW.{pk}; END"
        ]
    return _named(Client._meta.db_table, "UPDATE", sql)


def triggers(
    connection: BaseDatabaseWrapper, shown: Mapping[type[models.Model], str]
) -> list[Trigger]:
    """The triggers that keep the revisions for ``shown``: each model whose rows
    the clients' pages show, with its path to their client or trainer (``""`` for
    the client's own row)."""
    v = _Vendor(connection)
    wanted = []
    for model, path in shown.items():
        if path == "":
            path_ends(model, path)
            wanted.append(_client_trigger(v))
        else:
            wanted.extend(_row_triggers(v, model, path))
    return wanted


def installed(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The revision triggers in the database: each one's table, by name."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE %s ESCAPE '\\'",
                [_LIKE_OURS],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
                [_LIKE_OURS],
            )
        return dict(cursor.fetchall())


def _functions(connection: BaseDatabaseWrapper) -> set[str]:
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE %s ESCAPE '\\'",
            [_LIKE_OURS],
        )
        return {name for (name,) in cursor.fetchall()}


def drop(connection: BaseDatabaseWrapper, names: set[str] | None = None) -> None:
    """Drop the revision triggers named (all of them by default)."""
    if names is None:
        names = set(installed(connection)) | _functions(connection)
    with connection.cursor() as cursor:
        for name in sorted(names):
            if connection.vendor == "postgresql":
                # Its trigger, of the same name, goes with the function.
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def sync(
    connection: BaseDatabaseWrapper, shown: Mapping[type[models.Model], str]
) -> None:
    """Make the database's revision triggers those of ``shown``: create the
    missing, drop the others. Idempotent: nothing is done when nothing changed."""
    wanted = {t.name: t for t in triggers(connection, shown)}
    have = installed(connection)
    unwanted = (set(have) | _functions(connection)) - set(wanted)
    missing = [t for name, t in wanted.items() if have.get(name) != t.table]
    if not (unwanted or missing):
        return
    with transaction.atomic(using=connection.alias):
        drop(connection, unwanted)
        with connection.cursor() as cursor:
            for trigger in missing:
                for sql in trigger.sql:
                    cursor.execute(sql)
