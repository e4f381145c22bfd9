"""Queueing pushes: with the cause, once per event and device, only for users who
want the topic, nothing when push is off, in a number of queries that does not grow
with the users; devices kept and forgotten; the two triggers of this release (a move
on the ladder, a session reminder)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from notifications import services, tasks
from notifications.keys import keys_generate, keys_problem
from notifications.models import Push, PushPreference, PushSubscription, Topic
from notifications.services import PushDraft, push_queue, push_queue_many
from programming.services import assignment_progress, assignment_set
from scheduling.services import reminder_sweep, session_schedule
from tests.factories import (
    ClientWithLoginFactory,
    PushPreferenceFactory,
    PushSubscriptionFactory,
    TrainerFactory,
    UserFactory,
    _push_keys,
)
from tests.programming.test_services_assignments import rung

pytestmark = pytest.mark.django_db


def queue(user_id: int, *, key: str = "message:1", topic=Topic.MESSAGES):
    with transaction.atomic():
        return push_queue(
            user_id=user_id, topic=topic, key=key, title="New message", url="/"
        )


def test_push_is_off_without_keys_and_queues_nothing(settings):
    settings.VAPID_PRIVATE_KEY = ""
    device = PushSubscriptionFactory()
    assert queue(device.user_id) == []
    assert not Push.objects.exists()


def test_an_event_pushes_once_to_each_device_however_often_it_is_queued(
    vapid, django_capture_on_commit_callbacks
):
    device = PushSubscriptionFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert len(queue(device.user_id)) == 1
        assert queue(device.user_id) == []
    assert len(callbacks) == 1
    # A device turned on later gets the next events, and this one if queued again.
    PushSubscriptionFactory(user=device.user)
    assert len(queue(device.user_id)) == 1
    assert Push.objects.count() == 2


def test_a_push_is_written_in_the_callers_transaction_and_rolls_back_with_it(vapid):
    device = PushSubscriptionFactory()

    def cause_that_fails():
        with transaction.atomic():
            queue(device.user_id)
            raise RuntimeError("the cause failed")

    with pytest.raises(RuntimeError):
        cause_that_fails()
    assert not Push.objects.exists()


def test_a_user_who_turned_a_topic_off_gets_no_push_of_it(vapid):
    device = PushSubscriptionFactory()
    PushPreferenceFactory(user=device.user, ladder=False)
    assert queue(device.user_id, topic=Topic.LADDER) == []
    assert len(queue(device.user_id, topic=Topic.MESSAGES)) == 1


def test_a_user_without_a_device_gets_nothing(vapid):
    assert queue(UserFactory().pk) == []


def test_long_text_is_cut_to_fit_a_push_and_links_stay_on_the_site(vapid):
    device = PushSubscriptionFactory()
    with transaction.atomic():
        (push,) = push_queue(
            user_id=device.user_id,
            topic=Topic.MESSAGES,
            key="long",
            title="Ü" * 500,
            body="line\n" * 500,
            url="https://elsewhere.example/phish",
        )
    push.full_clean()
    assert len(push.title) == 120
    assert push.title.endswith("…")
    assert "\n" not in push.body
    assert push.url == "/"
    # The payload stays under the 4 kB a push service takes.
    assert len(services.push_payload(push).encode()) < 3000


@pytest.mark.parametrize("users", [1, 50])
def test_queueing_for_many_users_costs_the_same_few_queries(
    vapid, users, django_assert_max_num_queries
):
    devices = PushSubscriptionFactory.create_batch(users)
    drafts = [
        PushDraft(user_id=d.user_id, topic=Topic.REMINDERS, key=f"r:{d.pk}", title="x")
        for d in devices
    ]
    with django_assert_max_num_queries(6), transaction.atomic():
        assert len(push_queue_many(drafts=drafts)) == users


def test_a_device_is_kept_once_and_moves_to_whoever_logs_in_on_it(vapid):
    keys = _push_keys()
    first, second = UserFactory(), UserFactory()
    endpoint = "https://fcm.googleapis.com/fcm/send/abc"
    services.subscription_save(user=first, endpoint=endpoint, **keys, user_agent="A")
    renewed = _push_keys()
    device = services.subscription_save(
        user=second, endpoint=endpoint, **renewed, user_agent="B"
    )
    assert PushSubscription.objects.get() == device
    assert (device.user, device.p256dh, device.user_agent) == (
        second,
        renewed["p256dh"],
        "B",
    )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("endpoint", "http://127.0.0.1:6379/", services.ENDPOINT_NOT_HTTPS),
        ("p256dh", "not-a-key", services.KEY_INVALID),
        ("p256dh", "AAAA", services.KEY_INVALID),
        ("auth", "%%%%", services.AUTH_INVALID),
        ("auth", "A" * 40, services.AUTH_INVALID),
    ],
)
def test_a_subscription_that_is_not_a_browsers_is_refused(vapid, field, value, error):
    fields = {"endpoint": "https://push.example.com/x", **_push_keys(), field: value}
    with pytest.raises(ValidationError) as refusal:
        services.subscription_save(user=UserFactory(), **fields)
    assert refusal.value.message_dict[field] == [error]
    assert not PushSubscription.objects.exists()


def test_a_user_turns_off_only_their_own_devices():
    mine = PushSubscriptionFactory()
    theirs = PushSubscriptionFactory()
    assert services.subscription_remove(user=mine.user, pk=theirs.pk) == 0
    assert services.subscription_remove(user=mine.user, endpoint=theirs.endpoint) == 0
    assert services.subscription_remove(user=mine.user, endpoint=mine.endpoint) == 1
    assert list(PushSubscription.objects.all()) == [theirs]


def test_topics_are_saved_and_unknown_ones_refused():
    user = UserFactory()
    preference = services.preference_save(user=user, topics=["messages", "reminders"])
    assert preference.topics == ["messages", "reminders"]
    assert services.preference_save(user=user, topics=[]).topics == []
    assert PushPreference.objects.count() == 1
    with pytest.raises(ValidationError):
        services.preference_save(user=user, topics=["everything"])


def test_a_move_on_the_ladder_pushes_to_the_client_who_wants_it(vapid):
    trainer = TrainerFactory()
    client = ClientWithLoginFactory(trainer=trainer)
    device = PushSubscriptionFactory(user=client.user)
    assignment = assignment_set(
        client=client, variation=rung(3), changed_by=trainer, reps=8
    )
    assert not Push.objects.exists()  # a first assignment is no move
    assignment_progress(assignment=assignment, changed_by=trainer)
    push = Push.objects.get()
    assert push.subscription == device
    assert push.topic == Topic.LADDER
    assert push.title == f"Your hinge is now {rung(4)}"
    assert push.url == "/my/program/"
    assert push.key.startswith("assignment-change:")


def test_a_move_on_the_ladder_pushes_nothing_to_a_client_who_turned_it_off(vapid):
    trainer = TrainerFactory()
    client = ClientWithLoginFactory(trainer=trainer)
    PushSubscriptionFactory(user=client.user)
    PushPreferenceFactory(user=client.user, ladder=False)
    assignment = assignment_set(
        client=client, variation=rung(3), changed_by=trainer, reps=8
    )
    assignment_progress(assignment=assignment, changed_by=trainer)
    assert not Push.objects.exists()


def test_a_session_reminder_pushes_once_with_the_email(
    vapid, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        tasks, "push_send_many", lambda push_ids, **kw: sent.extend(push_ids)
    )
    trainer = TrainerFactory(first_name="Chris", last_name="Coach")
    client = ClientWithLoginFactory(trainer=trainer)
    device = PushSubscriptionFactory(user=client.user)
    now = datetime(2026, 5, 4, 8, tzinfo=UTC)
    session_schedule(
        client=client,
        day=date(2026, 5, 5),
        start_time=time(7),
        duration=timedelta(hours=1),
        now=now - timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_sweep(now=now).written == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_sweep(now=now + timedelta(hours=1)).written == 0
    push = Push.objects.get()
    assert sent == [push.pk]
    assert push.subscription == device
    assert push.topic == Topic.REMINDERS
    assert push.title == "Session tomorrow at 07:00"
    assert push.body == "With Chris Coach, 07:00–08:00"
    assert push.url == "/my/sessions/"


def test_the_keys_command_prints_a_pair_the_settings_accept(capsys):
    call_command("push_keys", subject="mailto:ops@example.com")
    values = dict(
        line.split("=", 1) for line in capsys.readouterr().out.strip().splitlines()
    )
    assert set(values) == {"VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"}
    problem = keys_problem(
        public=values["VAPID_PUBLIC_KEY"],
        private=values["VAPID_PRIVATE_KEY"],
        subject=values["VAPID_SUBJECT"],
    )
    assert problem is None


def test_keys_that_do_not_belong_together_are_named():
    public, private = keys_generate()
    other, _ = keys_generate()
    subject = "mailto:ops@example.com"
    assert keys_problem(public=other, private=private, subject=subject)[0] == (
        "VAPID_PUBLIC_KEY"
    )
    assert keys_problem(public=public, private="", subject=subject)[0] == (
        "VAPID_PRIVATE_KEY"
    )
    assert keys_problem(public=public, private=private, subject="ops")[0] == (
        "VAPID_SUBJECT"
    )
