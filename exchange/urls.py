from django.urls import path

from accounts.access import (
    admin_required,
    client_required,
    login_required,
    trainer_required,
)
from exchange import views

app_name = "exchange"

urlpatterns = [
    path("my/export/", client_required(views.my_export), name="my_export"),
    path(
        "clients/<int:client_pk>/export/",
        trainer_required(views.client_export),
        name="client_export",
    ),
    path("data/", admin_required(views.data), name="data"),
    path(
        "data/exports/client/",
        admin_required(views.owner_client_export),
        name="owner_client_export",
    ),
    path(
        "data/exports/business/",
        admin_required(views.business_export),
        name="business_export",
    ),
    path(
        "data/exports/<int:pk>/download/",
        login_required(views.export_download),
        name="export_download",
    ),
    path("data/imports/", admin_required(views.import_new), name="import_new"),
    path(
        "data/imports/<int:pk>/",
        admin_required(views.import_detail),
        name="import_detail",
    ),
    path(
        "data/imports/<int:pk>/apply/",
        admin_required(views.import_apply),
        name="import_apply",
    ),
    path(
        "data/imports/<int:pk>/invite/",
        admin_required(views.import_invite),
        name="import_invite",
    ),
]
