"""A form check: a video or photo of one exercise, sent by the phone beside the
workout it belongs to (after it, even when both waited for the signal)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from messaging.attachments import NOT_TAKEN
from messaging.models import Message
from messaging.views import WORKOUT_NOT_YET
from tests.factories import WorkoutFactory
from tests.messaging.conftest import login, mp4, new_uid

pytestmark = pytest.mark.django_db

URL = reverse("messaging:form_check")


def _post(client, workout, prescription_id, data=None, uid=None):
    return client.post(
        URL,
        {
            "uid": uid or new_uid(),
            "workout_uid": str(workout.uid) if workout else new_uid(),
            "prescription": prescription_id,
            "attachment": SimpleUploadedFile("a.mp4", data or mp4(), "video/mp4"),
        },
        HTTP_ACCEPT="application/json",
    )


def test_a_form_check_lands_on_its_exercise_once(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=2)
    exercise = workout.exercises.get(position=2)
    login(client, world.client_a.user)
    uid = new_uid()
    first = _post(client, workout, exercise.prescription_id, uid=uid)
    again = _post(client, workout, exercise.prescription_id, uid=uid)
    assert (first.status_code, again.status_code) == (201, 200)
    message = Message.objects.get()
    assert (message.workout, message.exercise) == (workout, exercise)
    assert message.kind == "video"
    assert message.from_client
    page = client.get(reverse("training:my_workout", args=[workout.pk]))
    assert message.get_attachment_url().encode() in page.content


def test_before_its_workout_is_stored_the_phone_is_told_to_try_again(client, world):
    login(client, world.client_a.user)
    response = _post(client, None, 1)
    assert response.status_code == 409
    assert response.json()["detail"] == WORKOUT_NOT_YET
    assert not Message.objects.exists()


def test_another_clients_workout_is_not_found(client, world):
    theirs = WorkoutFactory(client=world.client_b, exercises=1)
    login(client, world.client_a.user)
    response = _post(client, theirs, theirs.exercises.get().prescription_id)
    assert response.status_code == 409
    assert not Message.objects.exists()


def test_a_file_that_is_no_video_is_refused(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=1)
    login(client, world.client_a.user)
    response = _post(
        client, workout, workout.exercises.get().prescription_id, data=b"<html>" * 10
    )
    assert response.status_code == 400
    assert response.json()["errors"]["attachment"] == [NOT_TAKEN]
    assert not Message.objects.exists()


def test_the_client_log_page_offers_a_form_check_per_exercise(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=2)
    workout.day.program.is_active = True
    workout.day.program.save()
    login(client, world.client_a.user)
    page = client.get(reverse("training:my_day_log", args=[workout.day_id]))
    assert page.content.count(b"data-form-check=") == 2
    assert reverse("messaging:form_check").encode() in page.content


# The trainer, logging a session for a client, records the same form checks: through
# a route of their own, with the same checks and limits, into the client's thread.
def _trainer_url(client):
    return reverse("messaging:client_form_check", args=[client.pk])


def _post_as_trainer(client, world, workout, prescription_id, data=None, uid=None):
    return client.post(
        _trainer_url(world.client_a),
        {
            "uid": uid or new_uid(),
            "workout_uid": str(workout.uid),
            "prescription": prescription_id,
            "attachment": SimpleUploadedFile("a.mp4", data or mp4(), "video/mp4"),
        },
        HTTP_ACCEPT="application/json",
    )


def test_the_trainer_log_page_offers_a_form_check_per_exercise(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=2)
    login(client, world.trainer_a)
    page = client.get(
        reverse("training:client_day_log", args=[world.client_a.pk, workout.day_id])
    )
    assert page.content.count(b"data-form-check=") == 2
    assert _trainer_url(world.client_a).encode() in page.content
    assert reverse("messaging:form_check").encode() not in page.content


def test_a_trainers_form_check_lands_in_the_clients_thread_once(client, world):
    workout = WorkoutFactory(client=world.client_a, exercises=2)
    exercise = workout.exercises.get(position=1)
    login(client, world.trainer_a)
    uid = new_uid()
    first = _post_as_trainer(client, world, workout, exercise.prescription_id, uid=uid)
    again = _post_as_trainer(client, world, workout, exercise.prescription_id, uid=uid)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["url"] == reverse(
        "messaging:client_thread", args=[world.client_a.pk]
    )
    message = Message.objects.get()
    assert (message.workout, message.exercise) == (workout, exercise)
    assert message.thread.client == world.client_a
    assert message.sender == world.trainer_a
    assert not message.from_client
    assert message.kind == "video"
    page = client.get(
        reverse("training:client_workout", args=[world.client_a.pk, workout.pk])
    )
    assert message.get_attachment_url().encode() in page.content


def test_a_trainers_form_check_has_the_same_checks(client, world, settings):
    workout = WorkoutFactory(client=world.client_a, exercises=1)
    prescription = workout.exercises.get().prescription_id
    login(client, world.trainer_a)
    response = _post_as_trainer(
        client, world, workout, prescription, data=b"<html>" * 10
    )
    assert response.status_code == 400
    assert response.json()["errors"]["attachment"] == [NOT_TAKEN]
    settings.MESSAGING_VIDEO_MAX_MB = 0
    response = _post_as_trainer(client, world, workout, prescription)
    assert response.status_code == 400
    assert "at most 0 MB" in response.json()["errors"]["attachment"][0]
    assert not Message.objects.exists()


def test_another_trainers_client_is_not_found(client, world):
    theirs = WorkoutFactory(client=world.client_b, exercises=1)
    login(client, world.trainer_a)
    response = client.post(
        reverse("messaging:client_form_check", args=[world.client_b.pk]),
        {
            "uid": new_uid(),
            "workout_uid": str(theirs.uid),
            "prescription": theirs.exercises.get().prescription_id,
            "attachment": SimpleUploadedFile("a.mp4", mp4(), "video/mp4"),
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 404
    assert not Message.objects.exists()
