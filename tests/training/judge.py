"""A workout saved as the phone saves it, then judged as the worker would judge it:
the suggestions task runs once the save commits."""

from django.test import TestCase

from training.services import workout_log


def log_and_judge(**kwargs):
    """``workout_log``, with the task it dispatches on commit run at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return workout_log(**kwargs)
