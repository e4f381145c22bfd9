from django.urls import path

from accounts.access import (
    client_required,
    login_required,
    public,
    trainer_required,
)
from scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("sessions/", trainer_required(views.week), name="week"),
    path("sessions/new/", trainer_required(views.session_new), name="session_new"),
    path(
        "sessions/record/",
        trainer_required(views.session_record_view),
        name="session_record",
    ),
    path(
        "sessions/<int:pk>/",
        trainer_required(views.session_detail),
        name="session_detail",
    ),
    path(
        "sessions/<int:pk>/edit/",
        trainer_required(views.session_edit),
        name="session_edit",
    ),
    path(
        "sessions/<int:pk>/cancel/",
        trainer_required(views.session_cancel_view),
        name="session_cancel",
    ),
    path(
        "sessions/<int:pk>/attendance/",
        trainer_required(views.session_attendance),
        name="session_attendance",
    ),
    path(
        "clients/<int:pk>/reminders/",
        trainer_required(views.client_reminders),
        name="client_reminders",
    ),
    path("my/sessions/", client_required(views.my_sessions), name="my_sessions"),
    path("calendar/", login_required(views.calendar), name="calendar"),
    path(
        "calendar/new-link/",
        login_required(views.calendar_reset),
        name="calendar_reset",
    ),
    path(
        "calendar/turn-off/",
        login_required(views.calendar_revoke),
        name="calendar_revoke",
    ),
    path(
        "calendar/<slug:token>.ics",
        public(views.calendar_feed),
        name="calendar_feed",
    ),
]
