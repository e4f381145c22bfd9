from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    UserChangeForm,
)

from accounts.models import User
from accounts.services import user_send_password_reset
from core.emails import email_canonical
from core.forms import EmailLookupField, TimeZoneField


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by email. Unknown email and wrong password get the same message."""

    username = EmailLookupField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password don’t match an account. "
        "Check both and try again.",
    }


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the outbox and the Celery worker.

    An unknown email gets the same page and no email, as in Django. Unlike Django, an
    active user who has not set a password yet (an invited client) may ask for a link.
    """

    email = EmailLookupField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        return get_user_model()._default_manager.filter(
            email=email_canonical(email), is_active=True
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, *args, **kwargs
    ):
        user_send_password_reset(user=context["user"])


class TimeZoneForm(forms.Form):
    """The one-click offer of the browser's zone."""

    time_zone = TimeZoneField()


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label="Time zone")

    class Meta:
        model = User
        fields = ["first_name", "last_name", "time_zone"]


class AdminUserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "role"]


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}
