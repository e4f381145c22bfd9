import pytest
from django.core.management import call_command

from clients.models import Client
from scheduling.models import Session
from training.models import Suggestion, Workout, WorkoutExercise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library")]


def test_the_demo_has_eight_weeks_of_workouts_a_missed_session_and_a_sore_hinge():
    call_command("seed_demo", verbosity=0)
    alex = Client.objects.get(email="client@example.com")
    workouts = Workout.objects.filter(client=alex)
    assert workouts.count() >= 12
    span = workouts.first().performed_on - workouts.last().performed_on
    assert span.days >= 7 * 7
    assert Session.objects.filter(client=alex, attendance="missed").exists()
    (sore,) = WorkoutExercise.objects.filter(workout__client=alex, pain__gte=4)
    assert (sore.pattern, sore.pain_where) == ("hinge", "lower back")
    hinge = Suggestion.objects.pending().get(client=alex, pattern="hinge")
    assert (hinge.kind, hinge.flagged) == ("regress", True)

    before = (Workout.objects.count(), Suggestion.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Workout.objects.count(), Suggestion.objects.count()) == before
