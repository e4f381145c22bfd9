"""Coach and client talk in the app, in a real browser: the client writes from a
phone (once with no signal, once with a photo), the trainer sees the unread badge on
the desktop, opens the thread and comments on a set of the client's workout, and
the client's open thread shows the comment without a reload."""

import io
import time

import pytest
from django.db.utils import OperationalError
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from messaging.models import Message
from notifications.keys import keys_generate
from notifications.models import Push, Topic
from tests.conftest import wait_for
from tests.e2e.conftest import DESKTOP, Visit, Watch
from tests.e2e.test_training import KEPT_FOR_OFFLINE, _program
from tests.factories import (
    ClientWithLoginFactory,
    PushSubscriptionFactory,
    TrainerFactory,
    WorkoutFactory,
)
from tests.messaging.conftest import mp4
from training.models import Workout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# An open thread asks for new messages every 10 seconds.
POLLED = 25_000


def _messages() -> int:
    for _ in range(50):
        try:
            return Message.objects.count()
        except OperationalError:
            time.sleep(0.1)
    return Message.objects.count()


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 360), (200, 60, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def pushes_handed_over(settings, monkeypatch):
    """Push turned on, and the pushes handed to the worker written down instead of
    sent (there is no push service here; sending is tested in tests/notifications)."""
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = keys_generate()
    settings.VAPID_SUBJECT = "mailto:coach@example.com"
    handed: list[int] = []
    monkeypatch.setattr(
        "notifications.services.push_dispatch_batches",
        lambda *, push_ids: handed.extend(push_ids),
    )
    return handed


def test_client_and_trainer_talk_about_a_workout(visit, site, pushes_handed_over):
    trainer = TrainerFactory(email="coach@example.com", first_name="Sam")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    phone = PushSubscriptionFactory(user=alex.user)
    workout = WorkoutFactory(client=alex, exercises=2)
    exercise = workout.exercises.get(position=1)
    page = visit.page

    # On the phone, Alex writes with no signal: the message waits on the phone.
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("messaging:my_thread"), "thread")
    expect(
        page.get_by_text("The owner of the business can read this thread.")
    ).to_be_visible()
    page.context.set_offline(True)
    page.get_by_label("Message").fill("My back felt tight on set 3")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[data-message-status]")).to_contain_text("Saved on this phone")
    assert _messages() == 0

    # The signal returns: it is sent once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#thread-messages")).to_contain_text(
        "My back felt tight on set 3", timeout=POLLED
    )
    page.evaluate("window.workoutOutbox.sync()")
    assert _messages() == 1
    visit.problems.clear()  # the requests that failed while offline

    # Then a photo of the set-up, with a word.
    page.get_by_label("Message").fill("Here is my set-up")
    page.get_by_label("Photo or video").set_input_files(
        files=[{"name": "setup.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state("load")
    expect(page.locator(".message-photo")).to_be_visible()
    visit.checked("thread on a phone")
    assert visit.no_horizontal_scroll()

    # The trainer, at the desk, in a browser of their own.
    desk = page.context.browser.new_context(viewport=DESKTOP, base_url=site)
    trainer_page = desk.new_page()
    trainer_watch = Watch(trainer_page)
    coach = Visit(trainer_page, site, "messaging-trainer", trainer_watch)
    coach.log_in("coach@example.com")
    badge = trainer_page.locator("[data-unread]")
    expect(badge).to_have_text("2 unread")
    coach.go(reverse("messaging:inbox"), "inbox on a desktop")
    assert coach.no_horizontal_scroll()
    trainer_page.get_by_role("link", name="Alex Morgan").click()
    coach.checked("the trainer's thread")
    expect(trainer_page.locator(".message-photo")).to_be_visible()
    expect(trainer_page.locator("[data-unread]")).to_have_count(0)

    # The photo is served to the thread's people only, through the site.
    photo_url = trainer_page.locator(".message-photo").get_attribute("src")
    assert trainer_page.request.get(site + photo_url).status == 200

    # A comment on the first exercise of Alex's workout.
    coach.go(reverse("training:client_workout", args=[alex.pk, workout.pk]), "workout")
    trainer_page.get_by_label("About").select_option(str(exercise.pk))
    comment = trainer_page.get_by_role("textbox", name="Comment")
    comment.fill("Great depth today, keep the chest up")
    trainer_page.get_by_role("button", name="Comment").click()
    trainer_page.wait_for_load_state("load")
    expect(trainer_page.locator(".workout-comment")).to_contain_text(
        "Great depth today"
    )
    coach.checked("the commented workout")
    assert not trainer_watch.problems, trainer_watch.problems
    # Alex's phone has a push queued for the comment, handed to the worker.
    said = Message.objects.get(body__startswith="Great depth today")
    push = Push.objects.get(key=f"message:{said.pk}")
    assert push.subscription == phone
    assert push.topic == Topic.COMMENTS
    assert push.title == "Your trainer wrote about a workout"
    assert push.body == "Great depth today, keep the chest up"
    assert push.url == reverse("messaging:my_thread")
    assert push.pk in pushes_handed_over

    # Alex's thread, open all along, shows it without a reload, and "Seen".
    thread = page.locator("#thread-messages")
    expect(thread).to_contain_text("Great depth today", timeout=POLLED)
    expect(thread).to_contain_text(f"comment on {workout.day_name}")
    expect(page.locator(".message-seen").first).to_be_visible()
    page.get_by_role("link", name=f"{workout.day_name}").last.click()
    visit.checked("the workout with its comment")
    expect(page.locator(".workout-comment")).to_contain_text("Great depth today")
    desk.close()


def test_a_form_check_logged_with_no_signal_goes_with_its_workout(visit):

    trainer = TrainerFactory(email="coach@example.com")
    alex = ClientWithLoginFactory(
        trainer=trainer, first_name="Alex", last_name="Morgan", email="alex@example.com"
    )
    _, day = _program(alex)
    page = visit.page
    page.set_viewport_size(PHONE)
    visit.log_in("alex@example.com")
    visit.go(reverse("dashboard:my_program"), "my program")
    log_path = reverse("training:my_day_log", args=[day.pk])
    assert wait_for(lambda: page.evaluate(KEPT_FOR_OFFLINE, log_path))

    # No signal: the day is logged with a video of the first exercise; both wait.
    page.context.set_offline(True)
    page.get_by_role("link", name="Log this day").first.click()
    page.wait_for_load_state("load")
    for label in page.locator(".set-done-label").all():
        label.click()
    page.locator("[data-form-check]").first.set_input_files(
        files=[{"name": "rdl.mp4", "mimeType": "video/mp4", "buffer": mp4(20_000)}]
    )
    page.get_by_role("button", name="Finish and save").click()
    status = page.locator("[data-outbox-status]")
    expect(status).to_contain_text("1 workout and 1 form check are saved")
    assert _messages() == 0

    # Back online: the workout, then its form check, each once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("Your workout is sent")
    assert wait_for(lambda: _messages() == 1)
    workout = Workout.objects.get()
    check = Message.objects.get()
    assert check.workout == workout
    assert check.exercise == workout.exercises.get(position=1)
    assert check.kind == "video"
    page.evaluate("window.workoutOutbox.sync()")
    assert _messages() == 1
    visit.problems.clear()  # the requests that failed while offline
    visit.go(
        reverse("training:my_workout", args=[workout.pk]), "workout with a form check"
    )
    expect(page.locator(".workout-comment")).to_contain_text("Form check")
