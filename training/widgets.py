"""The log form's per-set widgets, rendered in Python.

A training day has sixty-odd inputs, and Django renders each through its widget
templates, which was most of the log page's time. These widgets take the same
attributes (``BoundField`` still adds the id, ``required`` and the ``aria-*`` of an
error) and write the same HTML as Django's ``input.html``, ``select.html`` and
``select_option.html``, escaped the same way."""

import html

from django import forms
from django.utils.safestring import mark_safe


def _esc(value) -> str:
    # conditional_escape without its lazy-string wrapper: text already marked safe
    # stays as it is, anything else is escaped as the templates' autoescape does.
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True
    # writes its name alone.
    return "".join(
        f" {_esc(name)}" if value is True else f' {_esc(name)}="{_esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class _PlainInput:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        return mark_safe(  # noqa: S308 (each value is escaped by _esc)
            f'<input type="{_esc(widget["type"])}" name="{_esc(name)}"'
            + ("" if value is None else f' value="{_esc(value)}"')
            + _attrs(widget["attrs"])
            + ">"
        )


class CheckboxInput(_PlainInput, forms.CheckboxInput):
    pass


class NumberInput(_PlainInput, forms.NumberInput):
    pass


class TextInput(_PlainInput, forms.TextInput):
    pass


class Select(forms.Select):
    """One choice picked from a flat list of choices (no groups, not multiple)."""

    def render(self, name, value, attrs=None, renderer=None):
        picked = self.format_value(value)
        has_selected = False
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django's optgroups: only the first option matching is selected.
            selected = not has_selected and option_value in picked
            has_selected |= selected
            options.append(
                f'\n  <option value="{_esc(option_value)}"'
                f"{' selected' if selected else ''}>{_esc(label)}</option>\n"
            )
        return mark_safe(  # noqa: S308 (each value is escaped by _esc)
            f'<select name="{_esc(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>'
            + "".join(options)
            + "\n</select>"
        )
