"""Importing clients from a spreadsheet (CSV): read and checked row by row for a
preview, then every valid row created in one transaction.

The file is read with tablib. Columns are found by their header, in any order and
under the names spreadsheets and other platforms give them. A row is refused with
its reasons (no name, an unknown trainer, a bad phone or email, an email twice in
the file, a formula, a cell too long); a client the trainer already has (same email,
or same name when there is no email) is left unchanged, so that importing the same
file again changes nothing. Imports are applied one at a time (a lock of the
business), so two applied at once, of one preview or of two previews of one file,
create each client once.
"""

import csv
import re
import zlib

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from clients.forms import PHONE_VALIDATOR
from clients.models import Client
from core.emails import email_canonical, email_lookalike
from core.models import CONTROL_CHARACTERS, has_control_character
from core.spreadsheets import FORMULA_PREFIXES
from exchange.models import ClientImport

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 5000
SHOWN_CELL = 200  # of a refused row's cell, kept for the preview

FILE_TOO_BIG = (
    "This file is over {limit} MB: at most {limit} MB at a time. Split it and "
    "import each part."
)
FILE_EMPTY = "This file is empty."
NOT_UTF8 = (
    "This file is not UTF-8 text (an unreadable byte near position {position}). "
    "Save it from the spreadsheet as “CSV UTF-8” and upload it again."
)
NOT_CSV = "This file cannot be read as CSV: {reason}."
TOO_MANY_ROWS = (
    "This file has {count:,} rows: at most {limit:,} at a time. Split it and import "
    "each part."
)
MISSING_COLUMNS = (
    "This file has no {columns} column. Its first row must name the columns "
    "(name, email, phone, trainer, goals, injuries, notes), in any order."
)
NO_ROWS = "This file has a header but no rows."

MISSING_NAME = "No name."
UNKNOWN_TRAINER = "No active trainer is “{trainer}”: use a trainer's email."
NO_TRAINER = "No trainer."
BAD_EMAIL = "“{email}” is not an email address."
BAD_PHONE = "“{phone}” is not a phone number (digits, spaces, +, -, brackets, dots)."
DUPLICATE_EMAIL = "{email} is also on row {row}: keep one of them."
FORMULA = (
    "The {column} column starts with “{prefix}”, which a spreadsheet runs as a "
    "formula: remove it."
)
CELL_TOO_LONG = "The {column} is {length:,} characters long: at most {limit:,}."
CONTROL_IN_CELL = (
    "The {column} holds a control character (such as NUL) that cannot be saved: "
    "remove it."
)
ALREADY_APPLIED = "This file was already imported."
CLIENT_ADDED_MEANWHILE = (
    "A client with an email of this file was added while it was being imported, so "
    "nothing was imported. Import it again: that client will be left as it is."
)

CREATE, UNCHANGED, REFUSED = "create", "unchanged", "refused"

# The names each column goes by, as found in a header (lower case, single spaces).
COLUMNS = {
    "name": ["name", "full name", "client", "client name"],
    "first_name": ["first name", "firstname", "given name", "forename"],
    "last_name": ["last name", "lastname", "surname", "family name"],
    "email": ["email", "e mail", "email address", "mail"],
    "phone": ["phone", "phone number", "mobile", "telephone", "tel"],
    "trainer": ["trainer", "coach", "trainer email", "coach email"],
    "goals": ["goals", "goal"],
    "injuries": ["injuries", "injury", "injuries or pain", "pain"],
    "notes": ["notes", "note", "comments"],
}
LABELS = {
    "name": "name",
    "first_name": "first name",
    "last_name": "last name",
    "email": "email",
    "phone": "phone",
    "trainer": "trainer",
    "goals": "goals",
    "injuries": "injuries",
    "notes": "notes",
}


def _header_key(header: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", header).lower().split())


def _columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds what, and the columns no one asked for."""
    names = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    ignored = []
    for index, header in enumerate(headers):
        key = names.get(_header_key(header))
        if key is None or key in found:
            ignored.append(header)
        else:
            found[key] = index
    missing = []
    if "name" not in found and "first_name" not in found:
        missing.append("name")
    if "trainer" not in found:
        missing.append("trainer")
    if missing:
        raise ValidationError(
            MISSING_COLUMNS.format(columns=" or ".join(f"“{m}”" for m in missing))
        )
    return found, ignored


def client_rows_read(data: bytes) -> tuple[list[dict], list[str]]:
    """The rows of a CSV file, each a dict of the known columns with its ``row``
    number as a spreadsheet shows it (the header is row 1), and the headers of the
    columns left out. Refused, as a whole, when the file is too big, not UTF-8, not
    CSV, has too many rows or lacks a name or trainer column."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_BIG.format(limit=MAX_FILE_BYTES // 1024 // 1024))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(NOT_UTF8.format(position=exc.start)) from exc
    if not text.strip():
        raise ValidationError(FILE_EMPTY)
    try:
        dataset = tablib.Dataset().load(text, format="csv")
    except (csv.Error, tablib.InvalidDimensions) as exc:
        reason = str(exc) or "a row has more cells than the header has columns"
        raise ValidationError(NOT_CSV.format(reason=reason)) from exc
    if dataset.height > MAX_ROWS:
        raise ValidationError(
            TOO_MANY_ROWS.format(count=dataset.height, limit=MAX_ROWS)
        )
    if not dataset.height:
        raise ValidationError(NO_ROWS)
    found, ignored = _columns(list(dataset.headers or []))
    rows = [
        {"row": number, **{key: (values[i] or "") for key, i in found.items()}}
        for number, values in enumerate(dataset, start=2)
    ]
    return rows, ignored


def _split_name(row: dict) -> tuple[str, str]:
    if row.get("first_name", "").strip():
        return row["first_name"].strip(), row.get("last_name", "").strip()
    first, _, last = row.get("name", "").strip().partition(" ")
    return first, (last.strip() or row.get("last_name", "").strip())


def _notes(row: dict) -> str:
    lines = []
    if row.get("goals", "").strip():
        lines.append(f"Goals: {row['goals'].strip()}")
    if row.get("injuries", "").strip():
        lines.append(f"Injuries or pain: {row['injuries'].strip()}")
    if row.get("notes", "").strip():
        lines.append(row["notes"].strip())
    return "\n\n".join(lines)


def _trainers() -> dict[str, User]:
    """Active trainers by email, and by full name where no two share it."""
    trainers = list(User.objects.filter(role=User.Role.TRAINER, is_active=True))
    found = {t.email: t for t in trainers}
    names: dict[str, list[User]] = {}
    for trainer in trainers:
        names.setdefault(trainer.get_full_name().lower(), []).append(trainer)
    found.update(
        {name: same[0] for name, same in names.items() if name and len(same) == 1}
    )
    return found


def _known_clients(trainer_ids: set[int]) -> tuple[set, set]:
    """Emails and names (names in lower case) of the clients the trainers already
    have."""
    existing = Client.objects.filter(trainer_id__in=trainer_ids).values_list(
        "trainer_id", "email", Lower("first_name"), Lower("last_name")
    )
    emails, names = set(), set()
    for trainer_id, email, first, last in existing:
        if email:
            emails.add((trainer_id, email))
        names.add((trainer_id, first, last))
    return emails, names


def _cell_problems(row: dict) -> list[str]:
    problems = []
    for key in COLUMNS:
        value = row.get(key, "")
        if has_control_character(value):
            problems.append(CONTROL_IN_CELL.format(column=LABELS[key]))
        elif len(value) > MAX_CELL:
            problems.append(
                CELL_TOO_LONG.format(
                    column=LABELS[key], length=len(value), limit=MAX_CELL
                )
            )
        elif value.startswith(FORMULA_PREFIXES) and not (
            key == "phone" and _is_phone(value)
        ):
            problems.append(FORMULA.format(column=LABELS[key], prefix=value[0]))
    return problems


def _storable(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def _is_phone(value: str) -> bool:
    try:
        PHONE_VALIDATOR(value)
    except ValidationError:
        return False
    return True


def client_rows_check(rows: list[dict]) -> list[dict]:
    """Each row as the preview shows it: the client it would create, its problems,
    and what importing would do with it (create, unchanged or refused)."""
    trainers = _trainers()
    emails, names = _known_clients({t.pk for t in trainers.values()})
    first_row_of: dict[str, int] = {}
    checked = []
    for row in rows:
        problems = _cell_problems(row)
        # What the preview keeps of a refused cell must be storable too.
        row = {k: _storable(v) for k, v in row.items()}
        first, last = _split_name(row)
        email = email_canonical(row.get("email", ""))
        phone = row.get("phone", "").strip()
        trainer_text = row.get("trainer", "").strip()
        trainer = trainers.get(email_canonical(trainer_text)) or trainers.get(
            trainer_text.lower()
        )
        if not first:
            problems.append(MISSING_NAME)
        if not trainer_text:
            problems.append(NO_TRAINER)
        elif trainer is None:
            problems.append(UNKNOWN_TRAINER.format(trainer=trainer_text[:SHOWN_CELL]))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(BAD_EMAIL.format(email=email[:SHOWN_CELL]))
            else:
                lookalike = email_lookalike(row.get("email", ""))
                if lookalike:
                    problems.append(lookalike)
            if email in first_row_of:
                problems.append(
                    DUPLICATE_EMAIL.format(email=email, row=first_row_of[email])
                )
            else:
                first_row_of[email] = row["row"]
        if phone and not _is_phone(phone):
            problems.append(BAD_PHONE.format(phone=phone[:SHOWN_CELL]))
        values = {
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "notes": _notes(row),
        }
        if not problems:
            client = Client(trainer=trainer, **values)
            try:
                client.full_clean(
                    exclude=["trainer", "user"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                problems.extend(
                    f"{LABELS.get(field, field)}: {message}"
                    for field, messages in exc.message_dict.items()
                    for message in messages
                )
        if problems:
            action = REFUSED
            values = {k: v[:SHOWN_CELL] for k, v in values.items()}
        elif (trainer.pk, email) in emails or (
            not email and (trainer.pk, first.lower(), last.lower()) in names
        ):
            action = UNCHANGED
        else:
            action = CREATE
        checked.append(
            {
                "row": row["row"],
                **values,
                "trainer": trainer_text[:SHOWN_CELL],
                "trainer_id": trainer.pk if trainer else None,
                "problems": problems,
                "action": action,
            }
        )
    return checked


def _summary(rows: list[dict]) -> dict[str, int]:
    return {
        action: sum(1 for row in rows if row["action"] == action)
        for action in (CREATE, UNCHANGED, REFUSED)
    }


def client_import_preview(
    *, uploaded_by: User, file_name: str, data: bytes
) -> ClientImport:
    """Read and check a CSV of clients, saving nothing but the preview: every row
    with its problems and what importing it would do. A file that cannot be read
    is refused as a whole (``ValidationError``)."""
    rows, ignored = client_rows_read(data)
    checked = client_rows_check(rows)
    preview = ClientImport(
        uploaded_by=uploaded_by,
        file_name=file_name[:255],
        rows=checked,
        report={
            **_summary(checked),
            "ignored_columns": [_storable(header) for header in ignored],
        },
    )
    preview.save()
    return preview


# The key of the PostgreSQL advisory lock that applying an import holds.
IMPORT_LOCK = zlib.crc32(b"exchange.client_import_apply")


def _one_import_at_a_time() -> None:
    """Wait for, and hold until the transaction ends, the business's lock on
    applying imports: a PostgreSQL advisory lock, which no other work takes. (SQLite
    lets one transaction write at a time by itself.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


@transaction.atomic
def client_import_apply(*, client_import: ClientImport) -> ClientImport:
    """Create the clients of every valid row of a previewed import, all in one
    transaction: a row that became a duplicate since the preview (another import,
    a client added by hand) is left unchanged, a row whose trainer has left is
    refused. Idempotent: an import already applied is returned as it is. Should a
    client with one of its emails be added by hand between the check and the
    insert, nothing is imported (``ValidationError``).

    Imports are applied one at a time, and each rechecks its rows once it has the
    lock: of two applied at once (the same preview twice, or two previews of one
    file) the second finds the clients of the first and leaves them unchanged.
    """
    _one_import_at_a_time()
    client_import = ClientImport.objects.select_for_update().get(pk=client_import.pk)
    if client_import.status == ClientImport.Status.APPLIED:
        return client_import
    to_check = [
        {
            "row": row["row"],
            "first_name": row["first_name"],
            "last_name": row["last_name"],
            "email": row["email"],
            "phone": row["phone"],
            "notes": row["notes"],
            "trainer": row["trainer"],
        }
        for row in client_import.rows
        if row["action"] == CREATE
    ]
    rechecked = {row["row"]: row for row in client_rows_check(to_check)}
    rows = [rechecked.get(row["row"], row) for row in client_import.rows]
    try:
        # A client added by hand meanwhile takes no lock of imports: the unique
        # email still stops a second one.
        with transaction.atomic():
            Client.objects.bulk_create(
                (
                    Client(
                        trainer_id=row["trainer_id"],
                        first_name=row["first_name"],
                        last_name=row["last_name"],
                        email=row["email"],
                        phone=row["phone"],
                        notes=row["notes"],
                    )
                    for row in rows
                    if row["action"] == CREATE
                ),
                batch_size=500,
            )
    except IntegrityError as exc:
        raise ValidationError(CLIENT_ADDED_MEANWHILE) from exc
    client_import.rows = rows
    client_import.status = ClientImport.Status.APPLIED
    client_import.applied_at = timezone.now()
    client_import.report = {**client_import.report, **_summary(rows)}
    client_import.save()
    return client_import
