from django import forms

from packages.models import Package, Payment


class PaymentForm(forms.Form):
    package = forms.ModelChoiceField(queryset=Package.objects.filter(is_active=True))
    method = forms.ChoiceField(choices=Payment.Method.choices)
    note = forms.CharField(max_length=200, required=False)


class AdjustForm(forms.Form):
    change = forms.IntegerField(
        min_value=-200, max_value=200, help_text="Credits to add, or take with a minus."
    )
    reason = forms.CharField(max_length=200)


class BuyForm(forms.Form):
    package = forms.ModelChoiceField(
        queryset=Package.objects.filter(is_active=True),
        error_messages={"invalid_choice": "That package is not on sale."},
    )
