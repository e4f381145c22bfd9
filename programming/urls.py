from django.urls import path

from accounts.access import public, trainer_required
from programming import views

app_name = "programming"

PATTERN = "clients/<int:client_pk>/patterns/<slug:pattern>/"

urlpatterns = [
    # The public page of each pattern.
    path("patterns/<slug:pattern>/", public(views.pattern_page), name="pattern"),
    # The client's own page.
    # The movement library.
    path("library/", trainer_required(views.library), name="library"),
    path(
        "library/variations/new/",
        trainer_required(views.variation_new),
        name="variation_new",
    ),
    path(
        "library/variations/<int:pk>/",
        trainer_required(views.variation_detail),
        name="variation_detail",
    ),
    path(
        "library/variations/<int:pk>/edit/",
        trainer_required(views.variation_edit),
        name="variation_edit",
    ),
    path(
        "library/variations/<int:pk>/copy/",
        trainer_required(views.variation_copy),
        name="variation_copy",
    ),
    path(
        "library/variations/<int:pk>/delete/",
        trainer_required(views.variation_delete),
        name="variation_delete",
    ),
    path("library/ladders/", trainer_required(views.ladder_list), name="ladder_list"),
    path("library/ladders/new/", trainer_required(views.ladder_new), name="ladder_new"),
    path(
        "library/ladders/<int:pk>/",
        trainer_required(views.ladder_detail),
        name="ladder_detail",
    ),
    path(
        "library/ladders/<int:pk>/edit/",
        trainer_required(views.ladder_edit),
        name="ladder_edit",
    ),
    path(
        "library/ladders/<int:pk>/copy/",
        trainer_required(views.ladder_copy),
        name="ladder_copy",
    ),
    path(
        "library/ladders/<int:pk>/use/",
        trainer_required(views.ladder_default),
        name="ladder_default",
    ),
    path(
        "library/ladders/<int:pk>/use-built-in/",
        trainer_required(views.ladder_use_builtin),
        name="ladder_use_builtin",
    ),
    path(
        "library/ladders/<int:pk>/delete/",
        trainer_required(views.ladder_delete),
        name="ladder_delete",
    ),
    path(
        "library/ladders/<int:pk>/rungs/",
        trainer_required(views.rung_add),
        name="rung_add",
    ),
    path(
        "library/ladders/<int:pk>/rungs/<int:position>/move/",
        trainer_required(views.rung_move),
        name="rung_move",
    ),
    path(
        "library/ladders/<int:pk>/rungs/<int:position>/remove/",
        trainer_required(views.rung_remove),
        name="rung_remove",
    ),
    # A client's assignments.
    path(
        PATTERN,
        trainer_required(views.assignment_edit),
        name="assignment_edit",
    ),
    path(
        PATTERN + "progress/",
        trainer_required(views.assignment_progress),
        name="assignment_progress",
    ),
    path(
        PATTERN + "regress/",
        trainer_required(views.assignment_regress),
        name="assignment_regress",
    ),
    # Programs and templates.
    path(
        "clients/<int:client_pk>/programs/new/",
        trainer_required(views.program_new),
        name="program_new",
    ),
    path(
        "programs/templates/",
        trainer_required(views.program_templates),
        name="program_templates",
    ),
    path(
        "programs/templates/new/",
        trainer_required(views.template_new),
        name="template_new",
    ),
    path(
        "programs/<int:pk>/",
        trainer_required(views.program_detail),
        name="program_detail",
    ),
    path(
        "programs/<int:pk>/edit/",
        trainer_required(views.program_edit),
        name="program_edit",
    ),
    path(
        "programs/<int:pk>/activate/",
        trainer_required(views.program_activate),
        name="program_activate",
    ),
    path(
        "programs/<int:pk>/copy/",
        trainer_required(views.program_copy),
        name="program_copy",
    ),
    path(
        "programs/<int:pk>/delete/",
        trainer_required(views.program_delete),
        name="program_delete",
    ),
    path(
        "programs/<int:pk>/days/new/",
        trainer_required(views.day_new),
        name="day_new",
    ),
    path(
        "programs/days/<int:pk>/edit/",
        trainer_required(views.day_edit),
        name="day_edit",
    ),
    path(
        "programs/days/<int:pk>/move/",
        trainer_required(views.day_move),
        name="day_move",
    ),
    path(
        "programs/days/<int:pk>/delete/",
        trainer_required(views.day_delete),
        name="day_delete",
    ),
    path(
        "programs/days/<int:pk>/exercises/new/",
        trainer_required(views.prescription_new),
        name="prescription_new",
    ),
    path(
        "programs/days/<int:pk>/exercises/add/",
        trainer_required(views.prescription_add_many),
        name="prescription_add_many",
    ),
    path(
        "programs/days/<int:pk>/exercises/order/",
        trainer_required(views.prescription_reorder),
        name="prescription_reorder",
    ),
    path(
        "programs/exercises/<int:pk>/superset/",
        trainer_required(views.prescription_superset),
        name="prescription_superset",
    ),
    path(
        "programs/exercises/<int:pk>/edit/",
        trainer_required(views.prescription_edit),
        name="prescription_edit",
    ),
    path(
        "programs/exercises/<int:pk>/move/",
        trainer_required(views.prescription_move),
        name="prescription_move",
    ),
    path(
        "programs/exercises/<int:pk>/delete/",
        trainer_required(views.prescription_delete),
        name="prescription_delete",
    ),
]
