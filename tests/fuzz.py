"""What the fuzzing test (``tests/test_fuzz.py``) sends: hostile values, bodies built
from a form's fields or an API's schema, and the ways a body can be encoded.

Everything is encoded here, to bytes, rather than by the test client, so that a
value may hold what a browser never sends but an attacker can: a lone surrogate
(as the bytes UTF-8 forbids, or as a JSON ``\\ud800`` escape), a charset the
body is not in, a multipart part without a name."""

import copy
import json
import re
import string
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

from django import forms
from hypothesis import strategies as st

# --- Values ---------------------------------------------------------------------------

TEXTS = [
    "",
    " ",
    "\x00",
    "nul\x00inside",
    "\x01\x08\x1b[31m\x7f",
    "\r\n\t\x0b\x0c",
    "\u202eRTL override\u202c",
    "مرحبا بالعالم",
    "שלום",
    "e\u0301\u0301\u0301\u0301",
    "Z̴̡̧̛̗̺̥̘̟̙͎̫̹̥" * 20,
    "😀👩‍👩‍👧‍👦🏋️‍♀️",
    "\ufeff\u200b\u2060",
    "ı ſ ǅ ﬀ Å K",
    "\ud800",
    "a\udfffb",
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%s %d %n %(x)s {0} {}",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example/",
    "None",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "x" * 256,
    "é" * 5001,
    "=cmd|' /C calc'!A0",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    "1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 50,
    "1e309",
    "-1e309",
    "1e-400",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "0.000000001",
    "1.5",
    "1,5",
    "0x10",
    "1_000",
    " 7 ",
    "٣",  # an Arabic-Indic digit, which int() takes
    "１２",  # full width
    "²",
    "Ⅻ",
]
DATES = [
    "0001-01-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2027-02-29",
    "2028-02-29",
    "2027-13-01",
    "2027-03-28 02:30",
    "2027-03-28T01:30:00+00:00",
    "2027-10-31 01:30",
    "2027-10-31 02:30",
    "2027-03-28T02:30",
    "02:30",
    "1969-12-31T23:59:59Z",
    "24:00",
    "23:59:60",
    "-1:00",
    "99:99",
    "P1000000D",
    "00:00:00.0000001",
    "yesterday",
]
# Values that many fields take, so that some bodies pass the form.
PLAIN = ["Fuzz", "Ada Lovelace", "fuzz@example.com", "12", "2027-03-01", "09:00", "on"]
BOOLEANS = ["on", "off", "true", "false", "True", "1", "0", "", "2", "yes"]


def values(extra: list[str]) -> st.SearchStrategy[str]:
    """Any hostile value, or one of ``extra`` (the right values for the field, other
    people's ids among them)."""
    options = [
        st.sampled_from(PLAIN),
        st.sampled_from(TEXTS),
        st.sampled_from(NUMBERS),
        st.text(st.characters(exclude_categories=()), max_size=30),
        st.integers().map(str),
        st.sampled_from(DATES),
    ]
    if extra:
        options.insert(0, st.sampled_from(extra))
    return st.one_of(options)


def _choice_values(field: forms.Field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return []  # the form's own queryset is only the caller's: see ``ids``
    found = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # a group
            found.extend(str(v) for v, _ in label)
        else:
            found.append(str(value))
    return [v for v in found if v]


def typed(field: forms.Field | None, ids: dict) -> list[str]:
    """Values of the right kind for ``field``: its choices, the ids of every row of
    its model (the caller's and other people's), dates for a date."""
    if field is None:
        return []
    if isinstance(field, forms.ModelChoiceField):
        model = field.queryset.model
        return [str(v) for v in ids.get(model, [])] + ["0", "-1", "999999999"]
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return BOOLEANS
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        return DATES
    if isinstance(field, forms.DurationField):
        return DATES
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return NUMBERS
    if isinstance(field, forms.EmailField):
        return ["a@b.co", "admın@example.com", "x@[127.0.0.1]", "@", "a" * 300 + "@b.c"]
    return _choice_values(field)


# --- Files ----------------------------------------------------------------------------

CSV_HEADERS = ["name", "email", "trainer", "phone", "goals", "notes", "first name"]


@st.composite
def csv_files(draw, emails: list[str]) -> bytes:
    """A CSV file whose cells are hostile, under a header of common column names."""
    header = draw(
        st.lists(st.sampled_from(CSV_HEADERS) | st.sampled_from(TEXTS), max_size=6)
    )
    cell = values(emails)
    rows = draw(st.lists(st.lists(cell, max_size=7), max_size=4))
    lines = [header, *rows]
    text = "\n".join(",".join(_csv_cell(c) for c in line) for line in lines)
    return text.encode("utf-8", "surrogatepass")


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if value else value


@dataclass
class Upload:
    name: str
    content: bytes
    content_type: str = "application/octet-stream"


def uploads(samples: list[bytes], emails: list[str]) -> st.SearchStrategy[Upload]:
    names = st.sampled_from(
        ["a.csv", "logo.png", "x", "", "../../x.csv", "n\x00ul.png", "é.svg", "a" * 300]
    )
    contents = st.one_of(
        st.sampled_from([*samples, b""]),
        st.binary(max_size=200),
        csv_files(emails),
    )
    types = st.sampled_from(
        ["text/csv", "image/png", "image/svg+xml", "text/html", "", "a/b\x00"]
    )
    return st.builds(Upload, names, contents, types)


# --- Bodies ---------------------------------------------------------------------------

Fields = dict[str, list[str]]  # a form's names, each with what a browser would send


@dataclass
class Request:
    """One request: what the view receives, and how it is encoded."""

    data: Fields = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    encoding: str = "urlencoded"
    charset: str = ""
    raw: bytes = b""
    content_type: str = ""
    htmx: bool = False
    headers: dict = field(default_factory=dict)

    def body(self) -> tuple[bytes, str]:
        """The bytes sent and their content type."""
        if self.encoding == "raw":
            return self.raw, self.content_type
        if self.encoding == "json":
            return _json_bytes(self.data), "application/json"
        if self.encoding == "multipart" or self.files:
            return _multipart(self.data, self.files)
        params = f"; charset={self.charset}" if self.charset else ""
        return _urlencoded(self.data, self.charset or "utf-8"), (
            f"application/x-www-form-urlencoded{params}"
        )

    def describe(self) -> str:
        sent, content_type = self.body()
        return f"{content_type!r}, {len(sent)} bytes: {sent[:600]!r}"


def _bytes(value: str, charset: str = "utf-8") -> bytes:
    try:
        return value.encode(charset, "surrogatepass")
    except (LookupError, UnicodeError):
        return value.encode("utf-8", "surrogatepass")


def _urlencoded(data: Fields, charset: str) -> bytes:
    return b"&".join(
        quote_from_bytes(_bytes(k, charset)).encode()
        + b"="
        + quote_from_bytes(_bytes(v, charset)).encode()
        for k, vs in data.items()
        for v in vs
    )


def _json_bytes(data) -> bytes:
    return json.dumps(data).encode()  # ASCII: a lone surrogate as a \\ud800 escape


BOUNDARY = "fuzzfuzzfuzzBoUnDaRy"


def _multipart(data: Fields, files: dict[str, Upload]) -> tuple[bytes, str]:
    parts = []
    for name, vs in data.items():
        for v in vs:
            parts.append(
                b'Content-Disposition: form-data; name="%s"\r\n\r\n%s'
                % (_bytes(name).replace(b'"', b"%22"), _bytes(v))
            )
    for name, upload in files.items():
        parts.append(
            b'Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
            b"Content-Type: %s\r\n\r\n%s"
            % (
                _bytes(name).replace(b'"', b"%22"),
                _bytes(upload.name).replace(b'"', b"%22"),
                _bytes(upload.content_type),
                upload.content,
            )
        )
    boundary = BOUNDARY.encode()
    body = b"".join(b"--%s\r\n%s\r\n" % (boundary, p) for p in parts)
    body += b"--%s--\r\n" % boundary
    return body, f"multipart/form-data; boundary={BOUNDARY}"


RAW_TYPES = [
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "",
    "multipart/form-data",
    f"multipart/form-data; boundary={BOUNDARY}",
    "multipart/form-data; boundary=",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=bogus-8",
    "application/xml",
    "*/*",
    "application/x-www-form-urlencoded; charset=utf-8; charset=latin-1",
]
RAW_BODIES = [
    b"",
    b"\x00",
    b"\xff\xfe\xfd",
    b"%",
    b"%zz=%ff&&=&a",
    b"a=%ED%A0%80",  # a surrogate, which UTF-8 forbids
    b"=" * 50,
    b'{"a": NaN, "b": Infinity, "c": 1e999}',
    b'{"a": "\\ud800"}',
    b"\xef\xbb\xbf{}",
    b"[" * 5000,
    b'{"a":' * 3000,
    b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data\r\n\r\nx\r\n",
    b"--" + BOUNDARY.encode() + b"--",
]
CHARSETS = ["utf-8", "latin-1", "iso-8859-15", "utf-16", "ascii", "cp1252", "bogus"]


@st.composite
def form_requests(
    draw, fields: dict, baseline: Fields, ids: dict, samples: list[bytes]
) -> Request:
    """A request to a form: what a browser would send (``baseline``), with some
    fields given hostile or other people's values, dropped, repeated, or joined by
    fields the form does not have, encoded one of several ways."""
    emails = [str(e) for e in ids.get("emails", [])]
    data = {k: list(v) for k, v in baseline.items()}
    names = sorted(set(fields) | set(data))
    files: dict[str, Upload] = {}
    if names:
        # A few fields changed, or every one: a bug behind one value of one field
        # is found sooner when each field gets a value every time.
        every = draw(st.booleans())
        chosen = names if every else draw(st.sets(st.sampled_from(names)))
        for name in chosen:
            field_ = fields.get(name)
            if isinstance(field_, forms.FileField) and draw(st.booleans()):
                files[name] = draw(uploads(samples, emails))
                data.pop(name, None)
                continue
            action = draw(st.sampled_from(["one", "one", "one", "drop", "many"]))
            value = values(typed(field_, ids))
            if action == "drop":
                data.pop(name, None)
            elif action == "one":
                data[name] = [draw(value)]
            else:
                data[name] = draw(st.lists(value, min_size=2, max_size=4))
    extra = draw(
        st.dictionaries(
            st.sampled_from(["next", "id", "pk", "client", "owner", "trainer"])
            | st.sampled_from(TEXTS),
            st.lists(values([]), min_size=1, max_size=2),
            max_size=2,
        )
    )
    data.update(extra)
    request = Request(data=data, files=files, htmx=draw(st.booleans()))
    shape = draw(
        st.sampled_from(["urlencoded"] * 4 + ["multipart"] * 2 + ["charset", "json"])
    )
    if shape == "charset":
        request.charset = draw(st.sampled_from(CHARSETS))
    elif shape in ("multipart", "json"):
        request.encoding = shape
    return request


@st.composite
def raw_requests(draw) -> Request:
    """A body that is not what its content type says, or not anything at all."""
    body = draw(st.sampled_from(RAW_BODIES) | st.binary(max_size=100))
    return Request(
        encoding="raw",
        raw=body,
        content_type=draw(st.sampled_from(RAW_TYPES)),
        htmx=draw(st.booleans()),
    )


# --- Addresses and headers ------------------------------------------------------------

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
PATH_VALUES = {
    "int": st.sampled_from(["0", "2147483648", "9" * 30]),
    "slug": st.sampled_from(["a" * 300, "-", "_", "hinge-", "HINGE"]),
}


@st.composite
def addresses(draw, pattern: str, kwargs: dict) -> str:
    """The route's address to B's rows, mostly; else with one parameter hostile (a
    huge id, an odd token), and any query string (``next`` above all)."""
    path = {k: str(v) for k, v in kwargs.items()}
    names = [m.group(2) for m in PARAMETER.finditer(pattern)]
    if names and not pattern.startswith("^") and draw(st.integers(0, 3)) == 0:
        name = draw(st.sampled_from(names))
        kind = {m.group(2): m.group(1) or "str" for m in PARAMETER.finditer(pattern)}
        hostile = PATH_VALUES.get(kind[name])
        if hostile is None:
            hostile = st.sampled_from([v for v in TEXTS if v and "/" not in v])
        path[name] = draw(hostile)
    address = "/" + PARAMETER.sub(
        lambda m: quote_from_bytes(_bytes(path[m.group(2)]), safe=""), pattern
    )
    query = draw(
        st.dictionaries(
            st.sampled_from(["next", "page", "client", "day", "week", "q"]),
            values([]),
            max_size=2,
        )
    )
    if query:
        address += (
            "?" + _urlencoded({k: [v] for k, v in query.items()}, "utf-8").decode()
        )
    return address


HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "HX-Request": st.sampled_from(["true", "false", ""]),
        "HX-Target": st.sampled_from(TEXTS),
        "Referer": st.sampled_from(
            ["http://testserver/clients/", "https://evil.example/", "/", "\x00", ""]
        ),
        "Accept": st.sampled_from(["application/json", "*/*", "text/html;q=x"]),
        "Accept-Language": st.sampled_from(["ar", "he-IL", "x" * 300, "*;q=-1"]),
    },
)


# --- JSON -----------------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**400, 1e308, -1e308, 0.1]),
    st.floats(),  # NaN and infinities, which json.dumps writes as such
    st.sampled_from(TEXTS),
    st.sampled_from(NUMBERS + DATES),
    st.text(st.characters(exclude_categories=()), max_size=20),
)
JSON_ANY = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(string.ascii_letters, max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        merged: dict = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = _resolve(part, components)
            merged["properties"].update(part.get("properties", {}))
        return merged
    return schema


def from_schema(schema: dict, components: dict, ids: list[int], depth: int = 0):
    """Values shaped as the OpenAPI ``schema`` says (each property present or not,
    each of the right type or not), to get past the first checks and reach the
    service."""
    schema = _resolve(schema, components)
    hostile = JSON_ANY if depth < 3 else JSON_SCALARS
    kind = schema.get("type")
    if "enum" in schema:
        right = st.sampled_from([v for v in schema["enum"] if v is not None] or [""])
    elif kind == "object" or "properties" in schema:
        props = {
            name: from_schema(sub, components, ids, depth + 1)
            for name, sub in schema.get("properties", {}).items()
        }
        right = st.fixed_dictionaries({}, optional=props)
    elif kind == "array":
        item = from_schema(schema.get("items", {}), components, ids, depth + 1)
        right = st.lists(item, max_size=3)
    elif kind == "integer":
        right = st.sampled_from(ids or [1]) | st.integers()
    elif kind == "number":
        right = st.sampled_from(["1.5", "-1", "1e309", 1e309, 10**30]) | st.floats()
    elif kind == "string" and schema.get("format") in ("date", "date-time"):
        right = st.sampled_from(DATES)
    elif kind == "string" and schema.get("format") == "uuid":
        right = st.uuids().map(str) | st.sampled_from(["", "0" * 32, "not-a-uuid"])
    elif kind == "boolean":
        right = st.booleans()
    else:
        right = st.sampled_from(TEXTS)
    return st.one_of(right, right, right, hostile)


def _places(value, parent=None, key=None) -> Iterator[tuple]:
    """Every place in a JSON value: (its container, its key or index)."""
    if parent is not None:
        yield parent, key
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _places(v, value, k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _places(v, value, i)


def _fresh_ids(value, draw):
    """``value`` with each uuid made anew, mostly: the same one again is the same
    workout, stored once."""
    if isinstance(value, dict):
        return {k: _fresh_ids(v, draw) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh_ids(v, draw) for v in value]
    if isinstance(value, str) and _is_uuid(value) and draw(st.integers(0, 4)):
        return str(draw(st.uuids()))
    return value


@st.composite
def mutations(draw, value, schema_values):
    """``value`` (a valid body) with a few of its parts replaced, dropped, repeated
    or joined by keys it does not have, at any level."""
    value = _fresh_ids(copy.deepcopy(value), draw)
    for _ in range(draw(st.integers(0, 3))):
        places = list(_places(value))
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "repeat"]))
        if action == "replace":
            parent[key] = draw(st.one_of(schema_values, JSON_ANY))
        elif action == "drop":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["id", "client", "uid", "extra", ""]))] = draw(
                JSON_ANY
            )
        elif action == "add":
            parent.append(draw(JSON_ANY))
        elif isinstance(parent[key], list):
            parent[key] = parent[key] * draw(st.sampled_from([2, 50, 1000]))
        else:
            parent[key] = [parent[key]] * 3
    return value


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
