from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.access import login_required, public

app_name = "accounts"

urlpatterns = [
    path("profile/", login_required(views.profile), name="profile"),
    path("time-zone/", login_required(views.time_zone), name="time_zone"),
]

# Django's usual names (login, password_reset, ...), outside the namespace, so that
# Django's own views and templates find them.
auth_urlpatterns = [
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        login_required(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        login_required(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        public(views.password_reset),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        public(views.PasswordSetView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
