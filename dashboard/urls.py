from django.urls import path

from accounts.access import client_required, login_required, trainer_required
from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("accounts/landing/", login_required(views.landing), name="landing"),
    path("dashboard/", trainer_required(views.trainer_dashboard), name="index"),
    path(
        "clients/<int:pk>/", trainer_required(views.client_detail), name="client_detail"
    ),
    path("my/program/", client_required(views.my_program), name="my_program"),
]
