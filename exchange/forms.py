from django import forms

from exchange.selectors import client_choices_for_owner


class ClientImportForm(forms.Form):
    file = forms.FileField(
        label="Clients as CSV",
        help_text="The first row names the columns: name (or first and last name), "
        "email, phone, trainer (their email), goals, injuries, notes, in any order.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def add_service_errors(self, error) -> None:
        """The import refuses the file: say so under it."""
        self.add_error("file", error.messages)


class OwnerClientExportForm(forms.Form):
    client = forms.ModelChoiceField(queryset=client_choices_for_owner(), label="Client")
