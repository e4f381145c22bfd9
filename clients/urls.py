from django.urls import path

from accounts.access import public, trainer_required
from clients import views

app_name = "clients"

urlpatterns = [
    path("clients/new/", trainer_required(views.client_new), name="client_new"),
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
        "clients/<int:pk>/tags/",
        trainer_required(views.client_tags_view),
        name="client_tags",
    ),
    path(
        "clients/<int:pk>/archive/",
        trainer_required(views.client_archive_view),
        name="client_archive",
    ),
    path(
        "consultation/",
        public(views.consultation_request_view),
        name="consultation_request",
    ),
    path(
        "consultation/thanks/",
        public(views.consultation_thanks),
        name="consultation_thanks",
    ),
    path(
        "consultations/",
        trainer_required(views.consultation_list),
        name="consultation_list",
    ),
    path(
        "consultations/<int:pk>/",
        trainer_required(views.consultation_detail),
        name="consultation_detail",
    ),
]
