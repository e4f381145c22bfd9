from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """The training log: what each client did on a training day, set by set, with
    effort and pain."""

    name = "training"
    verbose_name = "Training log"

    def ready(self) -> None:
        from programming.signals import assignment_changed

        # Programming cannot know the suggestions built on it; every change of an
        # assignment (by hand, accepted, from an assessment) reaches them here.
        assignment_changed.connect(
            _supersede, dispatch_uid="training.suggestions_supersede"
        )


def _supersede(sender, *, change, moved: bool, load_changed: bool, **kwargs) -> None:
    from training.services import suggestions_supersede

    suggestions_supersede(change=change, moved=moved, load_changed=load_changed)
