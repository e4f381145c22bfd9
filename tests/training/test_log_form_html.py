"""The log form's widgets write, without templates, exactly what Django's widget
templates write: the names, ids, values and attributes the phone's sync, the rest
timer and the browser journeys read."""

import re

import pytest
from django import forms
from django.urls import reverse

from tests.training.posts import form_data
from training import widgets
from training.forms import WorkoutForm

pytestmark = pytest.mark.django_db


def rendered(form: WorkoutForm) -> list[str]:
    return [str(field) for field in form]


def by_templates(form: WorkoutForm, monkeypatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(widgets._PlainInput, "render", forms.Widget.render)
        patch.setattr(widgets.Select, "render", forms.Widget.render)
        return rendered(form)


def test_an_unbound_form_renders_as_by_the_widget_templates(day, monkeypatch):
    form = WorkoutForm(prescriptions=day.exercises)
    html = rendered(form)
    assert html == by_templates(form, monkeypatch)
    # The target prefilled for one tap, the set unticked.
    assert (
        '<input type="number" name="e0-s0-amount" value="8" inputmode="numeric"'
        ' class="form-control" id="id_e0-s0-amount">' in html
    )
    assert (
        '<input type="checkbox" name="e0-s0-done" class="btn-check set-done"'
        ' id="id_e0-s0-done">' in html
    )


def test_a_bound_form_with_errors_renders_as_by_the_widget_templates(day, monkeypatch):
    data = {
        "uid": "not a uuid",
        "performed_on": "2026-02-30",
        "e0-s0-done": "on",
        "e0-s0-amount": "eight",
        "e0-s0-load": '40"><script>',
        "e0-s1-amount": "8",
        "e0-s1-load": "42.5",
        "e0-rpe": "8",
        "e0-pain": "nine",
        "e1-where": '"lower" back & <hip>',
        "e1-note": "felt 'good'",
    }
    form = WorkoutForm(data, prescriptions=day.exercises)
    assert not form.is_valid()
    html = rendered(form)
    assert html == by_templates(form, monkeypatch)
    assert "<script>" not in "".join(html)
    assert (
        '<input type="number" name="e0-s0-amount" value="eight" inputmode="numeric"'
        ' class="form-control" aria-invalid="true"'
        ' aria-describedby="id_e0-s0-amount_error" id="id_e0-s0-amount">' in html
    )
    assert (
        '<input type="checkbox" name="e0-s0-done" class="btn-check set-done"'
        ' id="id_e0-s0-done" checked>' in html
    )
    assert '<option value="8" selected>8</option>' in next(
        h for h in html if 'name="e0-rpe"' in h
    )


def test_a_refused_value_is_shown_where_its_input_points(athlete_client, day):
    data = form_data(day, **{"e0-s1-load": "heavy", "e1-pain": "ten"})
    page = athlete_client.post(
        reverse("training:my_day_log", args=[day.pk]), data
    ).content.decode()
    for name in ["e0-s1-load", "e1-pain"]:
        described = re.search(rf'name="{name}"[^>]*aria-describedby="([^"]+)"', page)
        assert described, name
        error = re.search(
            rf'<div class="invalid-feedback d-block" id="{described[1]}">', page
        )
        assert error, name
    # Only the fields refused show an error.
    assert page.count('class="invalid-feedback d-block"') == 2
