from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from assessments.models import Result, ScreenTest
from assessments.models.screens import (
    NOT_A_RESULT,
    NOT_AN_OPTION,
    OPTIONS_NEEDED,
    OPTIONS_REPEAT,
    RANGE_NEEDED,
    TOO_PRECISE,
)
from tests.factories import AssessmentFactory, ScreenTestFactory

pytestmark = pytest.mark.django_db

Kind = ScreenTest.Kind


def _test(**fields) -> ScreenTest:
    return ScreenTest(name="A test", **fields)


@pytest.mark.parametrize(
    ("fields", "value", "stored"),
    [
        ({"kind": Kind.PASS_FAIL}, True, True),
        ({"kind": Kind.YES_NO}, False, False),
        ({"kind": Kind.QUALITY}, 3, 3),
        ({"kind": Kind.QUALITY}, Decimal("2.0"), 2),
        ({"kind": Kind.PAIN}, 0, 0),
        ({"kind": Kind.PAIN}, 10, 10),
        (
            {"kind": Kind.NUMBER, "unit": "deg", "min_value": 0, "max_value": 120},
            Decimal("72.5"),
            Decimal("72.5"),
        ),
        ({"kind": Kind.CHOICE, "options": [["a", "A"], ["b", "B"]]}, "b", "b"),
    ],
)
def test_each_kind_keeps_its_valid_values(fields, value, stored):
    assert _test(**fields).clean_value(value) == stored


@pytest.mark.parametrize(
    ("fields", "value", "message"),
    [
        ({"kind": Kind.PASS_FAIL}, "pass", NOT_A_RESULT),
        ({"kind": Kind.YES_NO}, 1, NOT_A_RESULT),
        ({"kind": Kind.QUALITY}, 4, "Between 0 and 3."),
        ({"kind": Kind.QUALITY}, Decimal("1.5"), NOT_A_RESULT),
        ({"kind": Kind.PAIN}, 11, "Between 0 and 10."),
        ({"kind": Kind.PAIN}, -1, "Between 0 and 10."),
        ({"kind": Kind.PAIN}, True, NOT_A_RESULT),
        (
            {"kind": Kind.NUMBER, "unit": "deg", "min_value": 0, "max_value": 120},
            200,
            "Between 0 and 120°.",
        ),
        (
            {"kind": Kind.NUMBER, "unit": "cm", "min_value": 0, "max_value": 100},
            -3,
            "Between 0 and 100 cm.",
        ),
        (
            {"kind": Kind.NUMBER, "unit": "cm", "min_value": 0, "max_value": 100},
            Decimal("1.25"),
            TOO_PRECISE,
        ),
        (
            {"kind": Kind.NUMBER, "unit": "s", "min_value": 0, "max_value": 60},
            Decimal("NaN"),
            NOT_A_RESULT,
        ),
        (
            {"kind": Kind.NUMBER, "unit": "s", "min_value": 0, "max_value": 60},
            "12",
            NOT_A_RESULT,
        ),
        (
            {"kind": Kind.CHOICE, "options": [["a", "A"], ["b", "B"]]},
            "c",
            NOT_AN_OPTION,
        ),
    ],
)
def test_each_kind_refuses_what_it_cannot_hold(fields, value, message):
    with pytest.raises(ValidationError) as caught:
        _test(**fields).clean_value(value)
    assert caught.value.messages == [message]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": Kind.NUMBER, "unit": "cm"}, "max_value", RANGE_NEEDED),
        (
            {"kind": Kind.NUMBER, "unit": "cm", "min_value": 10, "max_value": 10},
            "max_value",
            RANGE_NEEDED,
        ),
        ({"kind": Kind.CHOICE, "options": [["a", "A"]]}, "options", OPTIONS_NEEDED),
        (
            {"kind": Kind.CHOICE, "options": [["a", "A"], ["a", "Again"]]},
            "options",
            OPTIONS_REPEAT,
        ),
    ],
)
def test_a_test_definition_is_checked(fields, field, message):
    with pytest.raises(ValidationError) as caught:
        _test(pattern="hinge", **fields).full_clean()
    assert caught.value.message_dict[field] == [message]


def test_a_test_that_is_not_a_number_drops_a_unit_and_range():
    test = _test(pattern="general", kind=Kind.PAIN, unit="cm", min_value=0, max_value=9)
    test.full_clean()
    assert (test.unit, test.min_value, test.max_value) == ("", None, None)


def test_the_database_holds_a_number_test_to_a_range():
    with pytest.raises(IntegrityError):
        ScreenTestFactory(min_value=None)


def test_a_result_holds_exactly_one_value_in_the_database():
    assessment = AssessmentFactory()
    test = assessment.protocol.tests.get()
    with pytest.raises(IntegrityError):
        Result.objects.create(assessment=assessment, test=test, number=1, flag=True)


def test_a_result_reads_back_in_its_tests_type_and_words():
    assessment = AssessmentFactory()
    pain = ScreenTestFactory(kind=Kind.PAIN, unit="", min_value=None, max_value=None)
    result = Result(assessment=assessment, test=pain, **Result.columns_for(pain, 4))
    assert result.value == 4
    assert result.display == "4/10"
    angle = ScreenTestFactory(unit="deg", max_value=120)
    result = Result(test=angle, **Result.columns_for(angle, Decimal("72.5")))
    assert result.display == "72.5°"
