"""Form building blocks shared across the apps."""

from functools import cache
from zoneinfo import available_timezones

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from core.emails import email_canonical, validate_email_not_lookalike

NOT_PLACES = {"localtime", "Factory"}  # in the system's zone files, not places


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(available_timezones() - NOT_PLACES)
    return [(zone, zone.replace("_", " ")) for zone in zones]


UNKNOWN_ZONE = (
    "“{value}” is not a time zone we know. Type a city, such as London or New York, "
    "and choose from the list."
)


@cache
def _zones_by_name() -> dict[str, str]:
    """Each zone under the spellings people type: the zone itself, any case, spaces
    for underscores, and its city alone when no other zone ends in that city."""
    names: dict[str, str] = {}
    cities: dict[str, list[str]] = {}
    for zone, _label in time_zone_choices():
        names[zone.lower()] = zone
        names[zone.replace("_", " ").lower()] = zone
        city = zone.rsplit("/", 1)[-1].replace("_", " ").lower()
        cities.setdefault(city, []).append(zone)
    for city, zones in cities.items():
        if len(zones) == 1:
            names.setdefault(city, zones[0])
    return names


def time_zone_find(value: str) -> str | None:
    """The IANA zone that ``value`` names, or None."""
    return _zones_by_name().get(" ".join(str(value).split()).lower())


class TimeZoneInput(forms.TextInput):
    """A text input searched through a ``<datalist>`` of every time zone: the
    browser offers the zones as the person types, with or without JavaScript.
    The options are written in Python: a template per option cost a page most of
    its time."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "off",
        }
        super().__init__({**defaults, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        list_id = f"{attrs.get('id') or name}-list"
        attrs["list"] = list_id
        if value not in (None, ""):
            attrs["value"] = self.format_value(value)
        options = format_html_join(
            "", '<option value="{}">', ((zone,) for zone, _ in time_zone_choices())
        )
        return format_html(
            '<input type="text"{}><datalist id="{}">{}</datalist>',
            flatatt(attrs),
            list_id,
            options,
        )


class TimeZoneField(forms.CharField):
    """One of the IANA time zones, typed and searched rather than picked from six
    hundred options: the exact name, or any spelling that names one zone ("london",
    "America/New York")."""

    widget = TimeZoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "help_text", "Type a city or region, such as London, and choose a zone."
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        zone = time_zone_find(value)
        if zone is None:
            raise forms.ValidationError(
                UNKNOWN_ZONE.format(value=value), code="invalid_choice"
            )
        return zone


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


class EmailLookupField(forms.EmailField):
    """An address to find someone by (logging in, asking for a password reset), in
    its canonical form (``core.emails``). Neither a lookalike nor a malformed
    address is refused here: it is no one's address, and the attempt is counted
    (the lockout, the reset limit) as one for the address it imitates."""

    default_validators = []
    refuse_lookalikes = False

    def to_python(self, value):
        value = super().to_python(value)
        if value and self.refuse_lookalikes:
            validate_email_not_lookalike(value)
        return email_canonical(value)


class EmailField(EmailLookupField):
    """An address given to the app (a client's, a visitor's, a subscriber's, a
    login's), in its canonical form; a lookalike is refused with the reason. Every
    form's email field is this one or ``EmailLookupField``: a test fails on any
    other."""

    default_validators = forms.EmailField.default_validators
    refuse_lookalikes = True
