from django.urls import path

from accounts.access import login_required
from notifications import views

app_name = "notifications"

urlpatterns = [
    path(
        "notifications/",
        login_required(views.notification_settings),
        name="settings",
    ),
    path(
        "notifications/devices/",
        login_required(views.subscription_save),
        name="subscribe",
    ),
    path(
        "notifications/devices/off/",
        login_required(views.device_remove),
        name="device_remove",
    ),
]
