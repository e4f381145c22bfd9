from django.urls import path

from accounts.access import client_required, public, trainer_required
from booking import views

app_name = "booking"

urlpatterns = [
    path("availability/", trainer_required(views.availability), name="availability"),
    path(
        "availability/hours/",
        trainer_required(views.availability_hours_add),
        name="availability_hours_add",
    ),
    path(
        "availability/hours/<int:pk>/delete/",
        trainer_required(views.availability_hours_delete),
        name="availability_hours_delete",
    ),
    path(
        "availability/time-off/",
        trainer_required(views.availability_time_off_add),
        name="availability_time_off_add",
    ),
    path(
        "availability/time-off/<int:pk>/delete/",
        trainer_required(views.availability_time_off_delete),
        name="availability_time_off_delete",
    ),
    path(
        "availability/types/new/",
        trainer_required(views.availability_type_edit),
        name="availability_type_new",
    ),
    path(
        "availability/types/<int:pk>/",
        trainer_required(views.availability_type_edit),
        name="availability_type_edit",
    ),
    path(
        "availability/cancel-day/",
        trainer_required(views.day_cancel_view),
        name="availability_day_cancel",
    ),
    path(
        "sessions/<int:pk>/waive/",
        trainer_required(views.session_waive),
        name="session_waive",
    ),
    path("my/book/", client_required(views.my_book), name="my_book"),
    path(
        "my/sessions/<int:pk>/move/",
        client_required(views.my_session_move),
        name="my_session_move",
    ),
    path(
        "my/sessions/<int:pk>/cancel/",
        client_required(views.my_session_cancel),
        name="my_session_cancel",
    ),
    path("book/", public(views.book), name="book"),
    path("book/details/", public(views.book_details), name="book_details"),
    path("book/held/", public(views.book_held), name="book_held"),
    path("book/<slug:token>/", public(views.booking_detail), name="booking_detail"),
    path(
        "book/<slug:token>/confirm/",
        public(views.booking_confirm_view),
        name="booking_confirm",
    ),
    path(
        "book/<slug:token>/move/", public(views.booking_move_view), name="booking_move"
    ),
    path(
        "book/<slug:token>/cancel/",
        public(views.booking_cancel_view),
        name="booking_cancel",
    ),
]
