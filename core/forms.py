"""Form building blocks shared across the apps."""

from functools import cache
from zoneinfo import available_timezones

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

NOT_PLACES = {"localtime", "Factory"}  # in the system's zone files, not places


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(available_timezones() - NOT_PLACES)
    return [(zone, zone.replace("_", " ")) for zone in zones]


class TimeZoneSelect(forms.Select):
    """The select of every time zone, some six hundred options, written in Python:
    a template per option cost a page most of its time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = self.format_value(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (zone, " selected" if zone in chosen else "", label)
                for zone, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class TimeZoneField(forms.ChoiceField):
    """One of the IANA time zones, by name."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs):
        super().__init__(choices=time_zone_choices, **kwargs)


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in. A form whose honeypot is filled is
    answered as if it succeeded, and nothing is stored or sent.

    Rendered with ``{% crispy form %}``, the field sits last, off-screen, out of the
    tab order and hidden from screen readers.
    """

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = self.fields.pop("website")
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper["website"].wrap(Div, css_class="hp-field", aria_hidden="true")

    def is_bot(self) -> bool:
        return bool(str(self.data.get(self.add_prefix("website"), "")).strip())
