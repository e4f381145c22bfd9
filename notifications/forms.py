from django import forms

from notifications.models import Topic


class TopicsForm(forms.Form):
    """The topics a user gets pushes for."""

    topics = forms.MultipleChoiceField(
        label="Notify me of",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SubscriptionForm(forms.Form):
    """A browser's push subscription, as ``PushSubscription.toJSON()`` gives it,
    posted by ``static/js/push.js``."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=120)
    auth = forms.CharField(max_length=60)


class DeviceForm(forms.Form):
    """One of the user's devices to forget: by id (the list) or by push address
    (the device itself)."""

    pk = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    endpoint = forms.URLField(max_length=1000, required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("pk") and not data.get("endpoint"):
            raise forms.ValidationError("Say which device to turn off.")
        return data
