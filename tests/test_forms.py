"""Form building blocks shared across the apps."""

import pytest
from django import forms

from core.forms import UNKNOWN_ZONE, TimeZoneField


class ZoneForm(forms.Form):
    time_zone = TimeZoneField(label="Time zone")


def test_the_time_zone_is_typed_and_searched_through_a_datalist():
    html = str(ZoneForm({"time_zone": "Europe/London"})["time_zone"])
    assert html.startswith('<input type="text"')
    assert 'list="id_time_zone-list"' in html
    assert 'value="Europe/London"' in html
    assert '<datalist id="id_time_zone-list">' in html
    assert '<option value="America/New_York">' in html
    assert 'value="localtime"' not in html
    assert html.count("<option") > 400


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("America/New York", "America/New_York"),
        ("  london ", "Europe/London"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
    ],
)
def test_any_spelling_that_names_one_zone_is_taken(typed, zone):
    form = ZoneForm({"time_zone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time_zone"] == zone


def test_a_zone_that_does_not_exist_is_refused_and_shown_escaped():
    bad = '"><script>alert(1)</script>'
    form = ZoneForm({"time_zone": bad})
    assert not form.is_valid()
    assert form.errors["time_zone"] == [UNKNOWN_ZONE.format(value=bad)]
    html = str(form["time_zone"])
    assert "<script>" not in html
    assert 'aria-invalid="true"' in html
