from django.urls import path

from accounts.access import client_required, trainer_required
from screening import views

app_name = "screening"

urlpatterns = [
    path("my/health/", client_required(views.my_health), name="my_health"),
    path(
        "my/health/questions/",
        client_required(views.my_screening),
        name="my_screening",
    ),
    path("my/health/waiver/", client_required(views.my_waiver), name="my_waiver"),
    path(
        "my/health/changed/",
        client_required(views.my_health_changed),
        name="my_health_changed",
    ),
    path(
        "my/health/consent/withdraw/",
        client_required(views.my_consent_withdraw),
        name="my_consent_withdraw",
    ),
    path(
        "my/health/signatures/<int:pk>/",
        client_required(views.my_signature),
        name="my_signature",
    ),
    path(
        "clients/<int:client_pk>/screening/",
        trainer_required(views.client_screening),
        name="client_screening",
    ),
    path(
        "clients/<int:client_pk>/screening/clearance/",
        trainer_required(views.clearance_record),
        name="clearance_record",
    ),
    path(
        "clients/<int:client_pk>/screening/clearance/document/",
        trainer_required(views.clearance_document),
        name="clearance_document",
    ),
    path(
        "clients/<int:client_pk>/screening/override/",
        trainer_required(views.override_record),
        name="override_record",
    ),
    path(
        "clients/<int:client_pk>/screening/override/end/",
        trainer_required(views.override_end),
        name="override_end",
    ),
    path(
        "screening/signatures/<int:pk>/",
        trainer_required(views.signature),
        name="signature",
    ),
]
