from django.urls import path

from accounts.access import admin_required, public
from letters import views

app_name = "letters"

urlpatterns = [
    path("", admin_required(views.issue_index), name="issue_list"),
    path("new/", admin_required(views.issue_new), name="issue_new"),
    path(
        "from-post/<int:post_pk>/",
        admin_required(views.issue_from_post_view),
        name="issue_from_post",
    ),
    path("<int:pk>/", admin_required(views.issue_detail), name="issue_detail"),
    path("<int:pk>/edit/", admin_required(views.issue_edit), name="issue_edit"),
    path(
        "<int:pk>/counts/",
        admin_required(views.issue_counts_fragment),
        name="issue_counts",
    ),
    path(
        "<int:pk>/preview/", admin_required(views.issue_preview), name="issue_preview"
    ),
    path("<int:pk>/test/", admin_required(views.issue_test), name="issue_test"),
    path("<int:pk>/send/", admin_required(views.issue_send), name="issue_send"),
    path(
        "<int:pk>/schedule/",
        admin_required(views.issue_schedule_view),
        name="issue_schedule",
    ),
    path(
        "<int:pk>/unschedule/",
        admin_required(views.issue_unschedule_view),
        name="issue_unschedule",
    ),
    path(
        "subscribers/import/",
        admin_required(views.subscriber_import_view),
        name="subscriber_import",
    ),
    path(
        "unsubscribe/<str:token>/",
        public(views.client_unsubscribe),
        name="client_unsubscribe",
    ),
]
