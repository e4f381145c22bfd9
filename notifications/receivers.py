"""Logging out turns off the device it happened on: whoever logs in next on a shared
phone or computer gets none of the last user's notifications."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from notifications.services import subscription_remove

# The session's note of the device its browser turned on (or re-synced).
SESSION_ENDPOINT = "push_endpoint"


@receiver(user_logged_out, dispatch_uid="notifications_device_off_on_logout")
def device_off_on_logout(sender, request, user, **kwargs) -> None:
    endpoint = request.session.get(SESSION_ENDPOINT) if request else None
    if user is not None and endpoint:
        subscription_remove(user=user, endpoint=endpoint)
