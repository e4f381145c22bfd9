"""``TEST_CLOCK``: the instant a whole test session runs from."""

from datetime import UTC, datetime

import pytest

from tests.conftest import session_clock


def test_an_instant_with_its_offset_is_taken():
    assert session_clock("2027-03-28T00:59:00Z") == datetime(
        2027, 3, 28, 0, 59, tzinfo=UTC
    )
    assert session_clock("2027-03-28T01:59:00+01:00") == datetime(
        2027, 3, 28, 0, 59, tzinfo=UTC
    )


@pytest.mark.parametrize("value", [None, ""])
def test_unset_leaves_the_clock_alone(value):
    assert session_clock(value) is None


@pytest.mark.parametrize("value", ["2027-03-28T00:59:00", "28/03/2027", "tomorrow"])
def test_a_local_time_or_no_time_stops_the_session(value):
    with pytest.raises(pytest.UsageError, match="TEST_CLOCK"):
        session_clock(value)
