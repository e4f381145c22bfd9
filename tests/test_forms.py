"""Form building blocks shared across the apps."""

from django import forms

from core.forms import TimeZoneField


class ZoneForm(forms.Form):
    time_zone = TimeZoneField(label="Time zone")


def test_the_time_zone_select_marks_only_the_chosen_zone():
    html = str(ZoneForm({"time_zone": "Europe/London"})["time_zone"])
    assert html.startswith('<select id="id_time_zone" name="time_zone">')
    assert '<option value="Europe/London" selected>Europe/London</option>' in html
    assert html.count(" selected") == 1
    assert '<option value="America/New_York">America/New York</option>' in html
    assert 'value="localtime"' not in html


def test_a_zone_that_does_not_exist_is_refused_and_shown_escaped():
    form = ZoneForm({"time_zone": '"><script>alert(1)</script>'})
    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["time_zone"][0]
    html = str(form["time_zone"])
    assert "<script>" not in html
    assert " selected" not in html
    assert 'aria-invalid="true"' in html
