"""No "exercise(s)": every count the app says is in proper English, one or many
(``pluralize``). A message or template written with "(s)" fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAZY_PLURAL = re.compile(r"[A-Za-z]\(s\)")
SKIP = {".venv", "tests", "static", "node_modules", "var", "docs", "mutants"}


def _sources():
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP or parts[0].startswith("."):
            continue
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def test_no_message_or_template_counts_with_a_lazy_plural():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if LAZY_PLURAL.search(line)
    ]
    assert not found, "use pluralize:\n" + "\n".join(found)


def test_the_column_a_formula_starts_is_named_as_a_column():
    from exchange.services.imports import FORMULA

    assert FORMULA.format(column="goals", prefix="=").startswith(
        "The goals column starts with"
    )
