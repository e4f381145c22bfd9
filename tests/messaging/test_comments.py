"""Comments on a logged workout (and on one exercise of it): in the thread with a
link to the workout, and on the workout's page for both."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from messaging.models import Message
from messaging.services import NOT_THIS_WORKOUTS_EXERCISE, message_send
from tests.factories import WorkoutFactory
from tests.messaging.conftest import login, new_uid

pytestmark = pytest.mark.django_db


def test_a_trainers_comment_on_a_set_shows_in_the_thread_and_on_the_workout(
    client, world
):
    workout = WorkoutFactory(client=world.client_a, exercises=2)
    exercise = workout.exercises.get(position=2)
    workout_url = reverse(
        "training:client_workout", args=[world.client_a.pk, workout.pk]
    )
    login(client, world.trainer_a)
    page = client.get(workout_url)
    assert b'id="comments-heading"' in page.content
    response = client.post(
        reverse("messaging:client_thread", args=[world.client_a.pk]),
        {
            "uid": new_uid(),
            "body": "Great depth today",
            "workout": workout.pk,
            "exercise": exercise.pk,
            "next": workout_url,
        },
    )
    assert response.status_code == 302
    assert response.url == workout_url
    comment = Message.objects.get()
    assert (comment.workout, comment.exercise) == (workout, exercise)
    assert b"Great depth today" in client.get(workout_url).content

    login(client, world.client_a.user)
    mine = reverse("training:my_workout", args=[workout.pk])
    shown = client.get(mine).content.decode()
    assert "Great depth today" in shown
    assert f"on {exercise.variation.name}" in shown
    thread = client.get(reverse("messaging:my_thread")).content.decode()
    assert f'href="{mine}"' in thread


def test_a_clients_comment_on_the_whole_workout(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=1)
    login(client, world.client_a.user)
    client.post(
        reverse("messaging:my_thread"),
        {"uid": new_uid(), "body": "Felt strong", "workout": workout.pk},
    )
    comment = Message.objects.get()
    assert comment.workout == workout
    assert comment.exercise is None
    login(client, world.trainer_a)
    thread = client.get(reverse("messaging:client_thread", args=[world.client_a.pk]))
    assert (
        reverse("training:client_workout", args=[world.client_a.pk, workout.pk])
        in thread.content.decode()
    )


def test_an_exercise_of_another_workout_is_refused(world):
    workout = WorkoutFactory(client=world.client_a, exercises=1)
    other = WorkoutFactory(client=world.client_a, exercises=1)
    with pytest.raises(ValidationError) as refused:
        message_send(
            client=world.client_a,
            sender=world.trainer_a,
            body="x",
            uid=uuid.uuid4(),
            workout_id=workout.pk,
            exercise_id=other.exercises.get().pk,
        )
    assert NOT_THIS_WORKOUTS_EXERCISE in str(refused.value)
    assert not Message.objects.exists()


def test_a_refused_comment_goes_back_to_the_workout_saying_why(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=1)
    url = reverse("training:my_workout", args=[workout.pk])
    login(client, world.client_a.user)
    response = client.post(
        reverse("messaging:my_thread"),
        {"uid": new_uid(), "body": "", "workout": workout.pk, "next": url},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    assert b"Write a message, or attach a photo or a video." in response.content
    assert not Message.objects.exists()


def test_a_workout_page_shows_its_comments_in_few_queries(
    client, world, django_assert_max_num_queries
):
    workout = WorkoutFactory(client=world.client_a, exercises=3)
    for exercise in workout.exercises.all():
        message_send(
            client=world.client_a,
            sender=world.trainer_a,
            body="Good",
            uid=uuid.uuid4(),
            workout_id=workout.pk,
            exercise_id=exercise.pk,
        )
    login(client, world.client_a.user)
    url = reverse("training:my_workout", args=[workout.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
