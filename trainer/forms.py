"""Form building blocks shared by the public forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div
from django import forms


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
