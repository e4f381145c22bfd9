from django.urls import path

from accounts.access import client_required, public, trainer_required
from training import views

app_name = "training"

urlpatterns = [
    path("sw.js", public(views.service_worker), name="service_worker"),
    path("manifest.webmanifest", public(views.manifest), name="manifest"),
    path("offline/", public(views.offline), name="offline"),
    path("my/days/<int:pk>/log/", client_required(views.my_day_log), name="my_day_log"),
    path("my/workouts/", client_required(views.my_workouts), name="my_workouts"),
    path("my/workouts/<int:pk>/", client_required(views.my_workout), name="my_workout"),
    path("my/progress/", client_required(views.my_progress), name="my_progress"),
    path(
        "clients/<int:client_pk>/days/<int:pk>/log/",
        trainer_required(views.client_day_log),
        name="client_day_log",
    ),
    path(
        "suggestions/<int:pk>/accept/",
        trainer_required(views.suggestion_accept_view),
        name="suggestion_accept",
    ),
    path(
        "suggestions/<int:pk>/dismiss/",
        trainer_required(views.suggestion_dismiss_view),
        name="suggestion_dismiss",
    ),
    path(
        "settings/training/",
        trainer_required(views.coach_settings_view),
        name="settings",
    ),
    path(
        "clients/<int:client_pk>/workouts/",
        trainer_required(views.client_workouts),
        name="client_workouts",
    ),
    path(
        "clients/<int:client_pk>/workouts/<int:pk>/",
        trainer_required(views.client_workout),
        name="client_workout",
    ),
]
