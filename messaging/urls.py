from django.urls import path

from accounts.access import client_required, login_required, trainer_required
from messaging import views

app_name = "messaging"

urlpatterns = [
    path("my/thread/", client_required(views.my_thread), name="my_thread"),
    path(
        "my/thread/new/", client_required(views.my_thread_poll), name="my_thread_poll"
    ),
    path("my/form-check/", client_required(views.form_check), name="form_check"),
    path("messages/", trainer_required(views.inbox), name="inbox"),
    path("messages/send/", trainer_required(views.send_many), name="send_many"),
    path(
        "clients/<int:client_pk>/thread/",
        trainer_required(views.client_thread),
        name="client_thread",
    ),
    path(
        "clients/<int:client_pk>/form-check/",
        trainer_required(views.client_form_check),
        name="client_form_check",
    ),
    path(
        "clients/<int:client_pk>/thread/new/",
        trainer_required(views.client_thread_poll),
        name="client_thread_poll",
    ),
    path(
        "messages/<int:pk>/delete/",
        login_required(views.message_delete_view),
        name="message_delete",
    ),
    path(
        "messages/<int:pk>/attachment/",
        login_required(views.attachment),
        name="attachment",
    ),
]
