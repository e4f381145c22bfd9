"""The one form of an email address, and the addresses refused as lookalikes.

Every address is stored, looked up and compared in its canonical form
(``email_canonical``): the invisible characters dropped, then Unicode NFKC and case
folding (Unicode's NFKC_Casefold), so that case, width (full-width letters),
compatibility letters (the long s, U+017F, is an s) and zero-width characters never
make a second address. The comparison is then exact, in Python and in the database
alike: no ``iexact``, whose meaning depends on the database (PostgreSQL's ``upper()``
makes an ``I`` of the dotless i, U+0131).

What remains different but looks the same (admin with a dotless i, or with a
Cyrillic a) is a different address, and is refused wherever an address is given to
the app (``email_lookalike``), and counted as the address it imitates wherever
failures and requests are counted (``email_key``).

``core.models.CanonicalEmailField`` and ``core.forms.EmailField`` (or
``EmailLookupField``, to find someone by) apply this to every model and form; a test
fails on any email field that is not one of them.
"""

import re
import unicodedata
from functools import cache, lru_cache

from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters
# that show nothing (zero-width space and joiners, the soft hyphen, direction marks,
# variation selectors, tags...).
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

MIXED_SCRIPTS = (
    "“{email}” mixes the letters of different alphabets ({scripts}), as only an "
    "address made to look like another does. Type the address with the keyboard "
    "it belongs to."
)
LOOKS_LIKE_ASCII = (
    "“{email}” uses “{character}” ({name}), which only looks like “{ascii}”. "
    "Type the address with plain letters."
)

# Scripts that a single word of one language mixes: Japanese writes Han, Hiragana
# and Katakana together, Korean Han and Hangul.
WRITTEN_TOGETHER = [{"HAN", "HIRAGANA", "KATAKANA"}, {"HAN", "HANGUL"}]
NO_SCRIPT = {"COMMON", "INHERITED"}  # digits, punctuation, combining accents


def email_canonical(value: str) -> str:
    """``value`` as an address is stored and compared: the invisible characters
    dropped, NFKC and case-folded, surrounding spaces removed. Idempotent."""
    value = IGNORABLE.sub("", str(value))
    value = unicodedata.normalize("NFKC", value).casefold()
    return unicodedata.normalize("NFKC", value).strip()


@cache
def _confusables() -> dict:
    # Loaded on first use (a megabyte of JSON), not when the app starts.
    from confusable_homoglyphs.confusables import confusables_data

    return confusables_data


# Bounded: anyone can type any of a million characters.
@lru_cache(maxsize=4096)
def _script(character: str) -> str:
    from confusable_homoglyphs.categories import alias

    return alias(character)


@lru_cache(maxsize=4096)
def ascii_lookalike(character: str) -> str | None:
    """The plain ASCII that a non-ASCII ``character`` is listed as confusable with in
    Unicode's confusables (UTS #39): ``i`` for a dotless i, ``e`` for a Cyrillic e,
    ``ae`` for an ash (U+00E6); None for ASCII and for a character that looks like
    no ASCII."""
    if character.isascii():
        return None
    for homoglyph in _confusables().get(character, []):
        text = homoglyph["c"]
        if text.isascii() and text.isprintable():
            return text.lower()
    return None


def email_key(value: str) -> str:
    """The address that ``value`` is counted as, where failures and requests are
    counted (the login lockout, the password-reset limit): its canonical form with
    every character that looks like ASCII taken for that ASCII, so that admin with a
    dotless i, or with a Cyrillic a, counts against ``admin``."""
    return "".join(ascii_lookalike(c) or c for c in email_canonical(value))


def _words(email: str) -> list[str]:
    return [word for word in re.split(r"[@.]", email) if word]


def email_lookalike(value: str) -> str | None:
    """Why ``value`` may not be given as a new address, or None: a word (the part
    before the ``@``, or a label of the domain) that mixes alphabets, a Latin letter
    or a sign that only looks like an ASCII one it is not, as typed (the long s,
    which looks like an f) or once canonical (a dotless i), or a word written wholly
    in letters that look like ASCII ("ace" in Cyrillic). A full-width letter is not
    refused: it is the letter it shows, and canonical, it is that letter."""
    canonical = email_canonical(value)
    typed = unicodedata.normalize("NFC", IGNORABLE.sub("", str(value))).strip()
    shown = typed[:100]
    for character in dict.fromkeys(typed + canonical):
        ascii_text = ascii_lookalike(character)
        if (
            ascii_text
            and len(ascii_text) == 1
            and _script(character) in {"LATIN", *NO_SCRIPT}
            # A full-width letter is the letter it shows: canonical, it is that one.
            and email_canonical(character) != ascii_text
        ):
            return _looks_like(shown, character, ascii_text)
    for word in _words(canonical):
        scripts = {_script(c) for c in word} - NO_SCRIPT
        if len(scripts) > 1 and not any(scripts <= ok for ok in WRITTEN_TOGETHER):
            return MIXED_SCRIPTS.format(
                email=shown, scripts=", ".join(sorted(s.title() for s in scripts))
            )
        if not word.isascii() and all(c.isascii() or ascii_lookalike(c) for c in word):
            character = next(c for c in word if not c.isascii())
            return _looks_like(shown, character, ascii_lookalike(character))
    return None


def _looks_like(email: str, character: str, ascii_text: str) -> str:
    name = unicodedata.name(character, f"U+{ord(character):04X}").title()
    return LOOKS_LIKE_ASCII.format(
        email=email, character=character, name=name, ascii=ascii_text
    )


def validate_email_not_lookalike(value: str) -> None:
    """Refuse an address that ``email_lookalike`` refuses."""
    problem = email_lookalike(value)
    if problem:
        raise ValidationError(problem, code="lookalike")


EMAILS_COLLIDE = (
    "{count} group{s} of {model} rows would share an email once every email is in "
    "its one form, so nothing was changed. For each group, decide which row keeps "
    "the address, give the others another email (or delete them), and migrate "
    "again:\n{groups}"
)


class EmailCollision(RuntimeError):
    """Rows that canonical emails would make duplicates of each other."""


def emails_canonicalise(
    model, *, field: str = "email", unique_with: tuple[str, ...] | None = None
) -> int:
    """Rewrite ``field`` of every row of ``model`` in its canonical form (for a data
    migration, with the historical model); the number of rows changed.

    ``unique_with`` names the other columns of a unique set with the email (``()``
    for an email unique alone; None when it is not unique). Where two rows of a
    unique set would then collide, nothing is written: ``EmailCollision`` lists
    every such group, each row by its id and its email as stored (invisible
    characters shown as escapes), so that the owner decides; no row is merged or
    dropped."""
    columns = ("pk", field, *(unique_with or ()))
    changed: dict[int, str] = {}
    groups: dict[tuple, list[tuple[int, str]]] = {}
    rows = model._default_manager.order_by("pk").values_list(*columns)
    for pk, value, *others in rows.iterator(chunk_size=2000):
        canonical = email_canonical(value or "")
        if canonical != (value or ""):
            changed[pk] = canonical
        if unique_with is not None and canonical:
            groups.setdefault((*others, canonical), []).append((pk, value))
    collisions = {key: rows for key, rows in groups.items() if len(rows) > 1}
    if collisions:
        lines = []
        for (*others, canonical), rows_ in collisions.items():
            within = "".join(
                f" ({name} {value})"
                for name, value in zip(unique_with, others, strict=True)
            )
            shown = ", ".join(f"#{pk} {value!a}" for pk, value in rows_)
            lines.append(f"- {canonical}{within}: {shown}")
        raise EmailCollision(
            EMAILS_COLLIDE.format(
                count=len(collisions),
                s=pluralize(len(collisions)),
                model=model._meta.object_name,
                groups="\n".join(lines),
            )
        )
    objects = [model(pk=pk, **{field: value}) for pk, value in changed.items()]
    model._default_manager.bulk_update(objects, [field], batch_size=500)
    return len(objects)
