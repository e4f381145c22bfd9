from django.urls import path

from programming import views
from trainer.accounts.access import client_required

app_name = "programming"

urlpatterns = [
    path("my/program/", client_required(views.my_program), name="my_program"),
]
