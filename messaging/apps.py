from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """The thread between each client and their trainer: messages, comments on
    workouts, photos and videos."""

    name = "messaging"
    verbose_name = "Messages"
