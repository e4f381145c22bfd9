"""The restore drill of the README: a seeded database dumped with ``pg_dump`` (custom
format) and restored with ``pg_restore`` into a new database holds the same rows in
every table, and its sequences go on where they were."""

import shutil
import subprocess
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.conftest import database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pg_tools(postgres) -> dict[str, str]:
    tools = {name: shutil.which(name) for name in ("pg_dump", "pg_restore")}
    if not all(tools.values()):
        message = "the PostgreSQL client tools (pg_dump, pg_restore) are not installed"
        if settings.REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    return tools


@pytest.fixture
def scratch_database(postgres):
    """The URL of a new, empty database on the same server; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    source = urlsplit(database_url())
    admin = urlunsplit(source._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(source._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: its row count and a digest of all its
    rows, in a stable order."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        result = {}
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) "  # noqa: S608
                f"ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            result[table] = (count, digest)
        return result


def sequences(url: str) -> dict[str, int | None]:
    with psycopg.connect(url) as conn:
        return dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' ORDER BY sequencename"
            ).fetchall()
        )


def test_a_dump_of_a_seeded_database_restores_every_row(
    pg_tools, scratch_database, tmp_path
):
    call_command("seed_demo", clients=3, sessions=20, verbosity=0)
    source = database_url()
    dump = tmp_path / "coach.dump"

    subprocess.run(
        [
            pg_tools["pg_dump"],
            "--format=custom",
            "--no-owner",
            f"--file={dump}",
            source,
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            pg_tools["pg_restore"],
            "--no-owner",
            "--exit-on-error",
            f"--dbname={scratch_database}",
            str(dump),
        ],
        check=True,
        capture_output=True,
    )

    before, after = snapshot(source), snapshot(scratch_database)
    assert before == after
    # Every app's tables were there, and had rows to compare.
    seeded = {table for table, (count, _) in before.items() if count}
    apps = ("accounts_", "clients_", "newsletter_", "programming_", "scheduling_")
    for prefix in apps:
        assert any(table.startswith(prefix) for table in seeded), prefix
    assert "django_migrations" in seeded
    # New rows in the restored database take new ids.
    assert sequences(source) == sequences(scratch_database)
