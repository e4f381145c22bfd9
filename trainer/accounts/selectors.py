from django.urls import reverse

from trainer.accounts.models import User


def user_landing_url(*, user: User) -> str:
    """Where a user lands after logging in: trainers on their dashboard, clients on
    their program, admins in the admin."""
    if user.is_trainer:
        return reverse("clients:dashboard")
    if user.is_client:
        return reverse("programming:my_program")
    return reverse("admin:index")
