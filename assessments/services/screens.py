"""Trainers' own tests and protocols. Built-in ones are not edited in place, and a
test or protocol that has been used keeps what gives its results their meaning."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from assessments.models import Protocol, ProtocolTest, ScreenTest
from assessments.selectors import protocol_in_use, screen_test_in_use

NOT_YOUR_PROTOCOL = "This protocol belongs to another trainer."
NOT_YOUR_TEST = "This test belongs to another trainer."
NO_TESTS = "Choose at least one test."
PROTOCOL_IN_USE = (
    "This protocol has been used in assessments, so its tests stay as they are. "
    "Copy it to make a new one."
)
TEST_IN_USE = (
    "This test has results, so its kind, unit, range and answers stay as they are. "
    "Make a new test instead."
)
PROTOCOL_USED_CANNOT_DELETE = "This protocol has been used in assessments: it stays."
TEST_USED_CANNOT_DELETE = "This test is in a protocol or has results: it stays."

TEST_FIELDS = [
    "name",
    "pattern",
    "kind",
    "unit",
    "min_value",
    "max_value",
    "options",
    "instructions",
]
DEFINITION_FIELDS = ["kind", "unit", "min_value", "max_value", "options"]


def screen_test_create(*, owner: User, **fields) -> ScreenTest:
    """A new test of ``owner``'s, private to them."""
    test = ScreenTest(owner=owner)
    return _save_test(test, fields)


def screen_test_update(*, test: ScreenTest, **fields) -> ScreenTest:
    """Change one of a trainer's own tests. Once it has results, only its name,
    pattern and instructions change: the results must keep their meaning."""
    if test.is_builtin:
        raise ValidationError(NOT_YOUR_TEST)
    # Compare with the stored row: ``test`` may already hold a form's new values.
    stored = ScreenTest.objects.values(*DEFINITION_FIELDS).get(pk=test.pk)
    changes_meaning = any(
        name in fields and fields[name] != stored[name] for name in DEFINITION_FIELDS
    )
    if changes_meaning and screen_test_in_use(test):
        raise ValidationError(TEST_IN_USE)
    return _save_test(test, fields)


def _save_test(test: ScreenTest, fields: dict) -> ScreenTest:
    for name, value in fields.items():
        if name not in TEST_FIELDS:
            raise ValueError(f"{name} cannot be set here")
        setattr(test, name, value)
    test.full_clean()
    test.save()
    return test


def screen_test_delete(*, test: ScreenTest) -> None:
    """Delete one of a trainer's own tests, unless a protocol or a result uses it."""
    if test.is_builtin:
        raise ValidationError(NOT_YOUR_TEST)
    if screen_test_in_use(test) or ProtocolTest.objects.filter(test=test).exists():
        raise ValidationError(TEST_USED_CANNOT_DELETE)
    test.delete()


def _check_tests(owner: User, tests: Sequence[ScreenTest]) -> None:
    if not tests:
        raise ValidationError({"tests": NO_TESTS})
    if any(t.owner_id not in (None, owner.pk) for t in tests):
        raise ValidationError({"tests": NOT_YOUR_TEST})


def _set_tests(protocol: Protocol, tests: Sequence[ScreenTest]) -> None:
    ProtocolTest.objects.filter(protocol=protocol).delete()
    ProtocolTest.objects.bulk_create(
        ProtocolTest(protocol=protocol, test=test, position=position)
        for position, test in enumerate(dict.fromkeys(tests), start=1)
    )


@transaction.atomic
def protocol_create(
    *,
    owner: User,
    name: str,
    tests: Sequence[ScreenTest],
    description: str = "",
    copied_from: Protocol | None = None,
) -> Protocol:
    """A new protocol of ``owner``'s with ``tests`` in that order (built-in tests and
    their own)."""
    _check_tests(owner, tests)
    protocol = Protocol(
        owner=owner, name=name, description=description, copied_from=copied_from
    )
    protocol.full_clean()
    protocol.save()
    _set_tests(protocol, tests)
    return protocol


@transaction.atomic
def protocol_update(
    *,
    protocol: Protocol,
    name: str,
    tests: Sequence[ScreenTest],
    description: str = "",
) -> Protocol:
    """Change one of a trainer's own protocols. Once it has been used, its tests
    stay as they are (copy it instead); its name and description still change."""
    if protocol.is_builtin:
        raise ValidationError(NOT_YOUR_PROTOCOL)
    _check_tests(protocol.owner, tests)
    current = list(protocol.items.order_by("position").values_list("test", flat=True))
    wanted = [t.pk for t in dict.fromkeys(tests)]
    if current != wanted:
        if protocol_in_use(protocol):
            raise ValidationError({"tests": PROTOCOL_IN_USE})
        _set_tests(protocol, tests)
    protocol.name = name
    protocol.description = description
    protocol.full_clean()
    protocol.save()
    return protocol


def protocol_delete(*, protocol: Protocol) -> None:
    """Delete one of a trainer's own protocols, unless it has been used."""
    if protocol.is_builtin:
        raise ValidationError(NOT_YOUR_PROTOCOL)
    if protocol_in_use(protocol):
        raise ValidationError(PROTOCOL_USED_CANNOT_DELETE)
    protocol.delete()
