from django.urls import path

from accounts.access import Access, login_required
from api import pages, views
from api.access import api_route

app_name = "api"

TRAINER, CLIENT, PUBLIC = Access.TRAINER, Access.CLIENT, Access.PUBLIC
LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

urlpatterns = [
    path("schema/", api_route(pages.SchemaView, PUBLIC), name="schema"),
    path("docs/", api_route(pages.DocsView, PUBLIC), name="docs"),
    path("key/", login_required(pages.token), name="token"),
    path(
        "clients/",
        api_route(views.ClientViewSet, TRAINER, LIST),
        name="client_list",
    ),
    path(
        "clients/<int:pk>/",
        api_route(views.ClientViewSet, TRAINER, DETAIL),
        name="client_detail",
    ),
    path(
        "clients/<int:client_pk>/assignments/",
        api_route(views.AssignmentViewSet, TRAINER, LIST),
        name="assignment_list",
    ),
    path(
        "clients/<int:client_pk>/assignments/<slug:pattern>/",
        api_route(views.AssignmentViewSet, TRAINER, DETAIL),
        name="assignment_detail",
    ),
    path(
        "clients/<int:client_pk>/assignments/<slug:pattern>/progress/",
        api_route(views.AssignmentViewSet, TRAINER, {"post": "progress"}),
        name="assignment_progress",
    ),
    path(
        "clients/<int:client_pk>/assignments/<slug:pattern>/regress/",
        api_route(views.AssignmentViewSet, TRAINER, {"post": "regress"}),
        name="assignment_regress",
    ),
    path(
        "programs/",
        api_route(views.ProgramViewSet, TRAINER, LIST),
        name="program_list",
    ),
    path(
        "programs/<int:pk>/",
        api_route(views.ProgramViewSet, TRAINER, DETAIL),
        name="program_detail",
    ),
    path(
        "sessions/",
        api_route(views.SessionViewSet, TRAINER, LIST),
        name="session_list",
    ),
    path(
        "sessions/<int:pk>/",
        api_route(views.SessionViewSet, TRAINER, DETAIL),
        name="session_detail",
    ),
    path(
        "workouts/",
        api_route(views.WorkoutViewSet, TRAINER, {"get": "list", "post": "create"}),
        name="workout_list",
    ),
    path(
        "workouts/<int:pk>/",
        api_route(views.WorkoutViewSet, TRAINER, DETAIL),
        name="workout_detail",
    ),
    path(
        "my/workouts/",
        api_route(views.MyWorkoutViewSet, CLIENT, {"get": "list", "post": "create"}),
        name="my_workout_list",
    ),
    path(
        "my/workouts/<int:pk>/",
        api_route(views.MyWorkoutViewSet, CLIENT, DETAIL),
        name="my_workout_detail",
    ),
]
