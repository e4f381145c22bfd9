from django.urls import path

from clients import views
from trainer.accounts.access import trainer_required

app_name = "clients"

urlpatterns = [
    path("dashboard/", trainer_required(views.dashboard), name="dashboard"),
    path("clients/new/", trainer_required(views.client_new), name="client_new"),
    path(
        "clients/<int:pk>/", trainer_required(views.client_detail), name="client_detail"
    ),
    path(
        "clients/<int:pk>/edit/",
        trainer_required(views.client_edit),
        name="client_edit",
    ),
    path(
        "clients/<int:pk>/invite/",
        trainer_required(views.client_invite_view),
        name="client_invite",
    ),
    path(
        "clients/<int:pk>/archive/",
        trainer_required(views.client_archive_view),
        name="client_archive",
    ),
]
