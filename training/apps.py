from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """The training log: what each client did on a training day, set by set, with
    effort and pain."""

    name = "training"
    verbose_name = "Training log"
