from django import forms
from django.utils.text import slugify

from core.forms import EmailField, HoneypotMixin


class SubscribeForm(HoneypotMixin, forms.Form):
    email = EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "you@example.com"}
        ),
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    # The page the form was on; a hidden field, so anything odd is dropped, not shown.
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_source(self) -> str:
        return slugify(self.cleaned_data["source"])[:50]
