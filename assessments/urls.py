from django.urls import path

from accounts.access import client_required, trainer_required
from assessments import views

app_name = "assessments"

urlpatterns = [
    path(
        "clients/<int:client_pk>/assessments/",
        trainer_required(views.assessment_list),
        name="assessment_list",
    ),
    path(
        "clients/<int:client_pk>/assessments/new/",
        trainer_required(views.assessment_new),
        name="assessment_new",
    ),
    path(
        "clients/<int:client_pk>/assessments/compare/",
        trainer_required(views.assessment_compare_view),
        name="assessment_compare",
    ),
    path(
        "assessments/<int:pk>/",
        trainer_required(views.assessment_detail),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/record/",
        trainer_required(views.assessment_record_view),
        name="assessment_record",
    ),
    path(
        "assessments/<int:pk>/accept/",
        trainer_required(views.assessment_accept_view),
        name="assessment_accept",
    ),
    path(
        "assessments/<int:pk>/delete/",
        trainer_required(views.assessment_delete_view),
        name="assessment_delete",
    ),
    path("assessments/rules/", trainer_required(views.rules_view), name="rules"),
    path(
        "assessments/protocols/",
        trainer_required(views.protocol_list_view),
        name="protocol_list",
    ),
    path(
        "assessments/protocols/new/",
        trainer_required(views.protocol_new),
        name="protocol_new",
    ),
    path(
        "assessments/protocols/<int:pk>/",
        trainer_required(views.protocol_detail),
        name="protocol_detail",
    ),
    path(
        "assessments/protocols/<int:pk>/edit/",
        trainer_required(views.protocol_edit),
        name="protocol_edit",
    ),
    path(
        "assessments/protocols/<int:pk>/delete/",
        trainer_required(views.protocol_delete_view),
        name="protocol_delete",
    ),
    path(
        "assessments/tests/new/",
        trainer_required(views.screentest_new),
        name="screentest_new",
    ),
    path(
        "assessments/tests/<int:pk>/edit/",
        trainer_required(views.screentest_edit),
        name="screentest_edit",
    ),
    path(
        "assessments/tests/<int:pk>/delete/",
        trainer_required(views.screentest_delete),
        name="screentest_delete",
    ),
    path("my/assessment/", client_required(views.my_assessment), name="my_assessment"),
]
