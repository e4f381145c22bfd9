from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import (
    EmailAuthenticationForm,
    OutboxPasswordResetForm,
    ProfileForm,
    TimeZoneForm,
)
from accounts.services import user_set_time_zone, user_update_profile
from accounts.throttles import reset_email
from core.http import next_path, service_call
from core.ratelimit import Limit, limit_posts

PROFILE_SAVED = "Your profile is saved."
TIME_ZONE_SET = "Times are now shown in {zone}."
PASSWORD_SET = "Your password is set, and you are logged in."  # noqa: S105 (a message)


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        return next_path(self.request)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link of an invitation or a reset: once the password is set, the person is
    logged in and lands where their role does, rather than typing it all again."""

    post_reset_login = True
    # Axes' backend only counts; the one that checks passwords logs them in.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_success_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, PASSWORD_SET)
        return response


# Counted whether or not the address has an account, so the limit tells nothing.
password_reset = limit_posts(
    Limit("PASSWORD_RESET_RATE_LIMIT", key=reset_email),
    Limit("PASSWORD_RESET_IP_RATE_LIMIT"),
)(PasswordResetView.as_view())


@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            user_update_profile(user=request.user, **form.cleaned_data)
            messages.success(request, PROFILE_SAVED)
            return redirect("accounts:profile")
    return render(request, "accounts/user_profile.html", {"form": form})


@require_POST
def time_zone(request):
    """Take the zone the browser offered, then go back to the page it was offered
    on (only ever a page of this site)."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        with service_call(request):
            user = user_set_time_zone(
                user=request.user, time_zone=form.cleaned_data["time_zone"]
            )
            messages.success(request, TIME_ZONE_SET.format(zone=user.time_zone_label))
    else:
        messages.error(request, " ".join(form.errors["time_zone"]))
    return redirect(next_path(request, settings.LOGIN_REDIRECT_URL))
