from django import forms

from clients.models import Client


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["first_name", "last_name", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search clients",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Name or email",
                "class": "form-control",
            }
        ),
    )
