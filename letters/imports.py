"""Importing a subscriber list from another tool (CSV): each row an address, where
they agreed and when. Read with tablib; columns found by header, in any order.

Imported addresses are confirmed subscribers as of the date they agreed (they opted
in elsewhere, so no confirmation email is sent). An address already known is left as
it is, and one that unsubscribed here is never subscribed again by an import: the
same file imported twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from core.emails import email_canonical
from core.spreadsheets import FORMULA_PREFIXES
from newsletter.models import Subscriber
from outbox.models import Suppression

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

COLUMNS = {
    "email": ("email", "email address", "e-mail", "address"),
    "first_name": ("first name", "first_name", "name", "firstname"),
    "source": ("source", "where", "signed up on", "signup source", "form"),
    "agreed_at": (
        "agreed at",
        "agreed_at",
        "when",
        "confirmed at",
        "confirmed_at",
        "subscribed at",
        "subscribed_at",
        "opt-in time",
        "optin_time",
    ),
}

FILE_TOO_BIG = "This file is over 5 MB: split it and import each part."
NOT_UTF8 = "This file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."
NOT_CSV = "This file cannot be read as CSV."
TOO_MANY_ROWS = "This file has {count:,} rows: at most {limit:,} at a time."
MISSING_COLUMNS = (
    "This file has no {columns} column: its first row must name the columns "
    "(email, first name, where, when)."
)
BAD_EMAIL = "“{email}” is not an email address."
BAD_DATE = "“{value}” is not a date (write 2024-03-01 or 2024-03-01 14:30)."
FUTURE_DATE = "{value} is in the future."
TWICE = "{email} is also on row {row}."
FORMULA = "A cell starts with “{prefix}”, which a spreadsheet runs as a formula."


@dataclass
class ImportResult:
    created: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def _agreed_at(value: str, now: datetime) -> datetime:
    value = value.strip()
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(BAD_DATE.format(value=value[:40]))
        moment = datetime.combine(day, time(12))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now:
        raise ValueError(FUTURE_DATE.format(value=value[:40]))
    return moment


def _read(content: bytes) -> tablib.Dataset:
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(FILE_TOO_BIG)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(NOT_UTF8) from exc
    try:
        return tablib.Dataset().load(text, format="csv")
    except Exception as exc:  # tablib's csv reader raises csv.Error and others
        raise ValidationError(NOT_CSV) from exc


@transaction.atomic
def subscriber_import(*, content: bytes, now: datetime | None = None) -> ImportResult:
    """Import subscribers from CSV ``content``: valid rows are created confirmed in
    one bulk INSERT; refused rows come back with their reasons. Idempotent: known
    addresses are left as they are."""
    now = now or timezone.now()
    data = _read(content)
    if data.height > MAX_ROWS:
        raise ValidationError(TOO_MANY_ROWS.format(count=data.height, limit=MAX_ROWS))
    headers = [str(name or "").strip().lower() for name in (data.headers or [])]
    where = {
        key: next((headers.index(n) for n in names if n in headers), None)
        for key, names in COLUMNS.items()
    }
    missing = [key for key in ("email", "agreed_at") if where[key] is None]
    if missing:
        names = " or ".join(COLUMNS[key][0] for key in missing)
        raise ValidationError(MISSING_COLUMNS.format(columns=f"“{names}”"))

    result = ImportResult()
    seen: dict[str, int] = {}
    rows: list[Subscriber] = []
    for number, row in enumerate(data, start=2):

        def cell(key: str, row=row) -> str:
            index = where[key]
            return "" if index is None else str(row[index] or "").strip()

        reasons = []
        raw = cell("email")
        for key in COLUMNS:
            if cell(key).startswith(FORMULA_PREFIXES):
                reasons.append(FORMULA.format(prefix=cell(key)[0]))
                break
        try:
            validate_email(raw)
            address = email_canonical(raw)
        except ValidationError:
            reasons.append(BAD_EMAIL.format(email=raw[:100]))
            address = ""
        try:
            agreed_at = _agreed_at(cell("agreed_at"), now)
        except ValueError as exc:
            reasons.append(str(exc))
        if address and address in seen:
            reasons.append(TWICE.format(email=address, row=seen[address]))
        if reasons:
            result.refused.append((number, " ".join(reasons)))
            continue
        seen[address] = number
        rows.append(
            Subscriber(
                email=address,
                first_name=cell("first_name")[:100],
                source=slugify(cell("source"))[:50] or "import",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=agreed_at,
            )
        )
    known = set(
        Subscriber.objects.filter(email__in=seen).values_list("email", flat=True)
    ) | set(
        Suppression.objects.filter(
            address__in=seen, unsubscribed_at__isnull=False
        ).values_list("address", flat=True)
    )
    new = [row for row in rows if row.email not in known]
    Subscriber.objects.bulk_create(new, ignore_conflicts=True)
    result.created = len(new)
    result.unchanged = len(rows) - len(new)
    return result
