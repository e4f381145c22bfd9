"""Web Push in a real browser, on a 390 px phone: the notifications page works under
the site's content security policy and passes axe; a push delivered to the service
worker (through Chromium's DevTools protocol, as a push service would) shows its
notification, with the title, text and link the server wrote."""

import json
from pathlib import Path

import pytest
from django.db import transaction
from playwright.sync_api import expect

from notifications.keys import keys_generate
from notifications.models import Topic
from notifications.services import push_payload, push_queue
from tests.e2e.conftest import SCREENSHOT_DIR
from tests.factories import ClientWithLoginFactory, PushSubscriptionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Read once, and only once every push has been handled (see ``Pushes``).
NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({title: n.title, body: n.body, data: n.data, tag: n.tag}));
}"""


def notifications(page) -> list[dict]:
    return page.evaluate(NOTIFICATIONS)


@pytest.fixture
def push_on(settings):
    public, private = keys_generate()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:coach@example.com"
    return public


class Pushes:
    """Pushes delivered to the page's service worker as a push service would, through
    Chromium's DevTools protocol, each waited on until the worker has handled it.

    Why not simply ask for the notifications until they are there: Chromium's
    ``getNotifications()`` keeps a stored notification only if the platform already
    shows it or it was made after the call began, and deletes every other one
    (``PlatformNotificationContextImpl::DoReadAllNotificationDataForServiceWorker
    Registration``). A read that begins after the worker stored a notification but
    before the platform shows it drops that notification for good, and every later
    read finds nothing: under two browsers at once, 3 runs in 24 lost one.
    So nothing reads while a push is being handled: DevTools reports, for the push
    messaging service it records, when the push event is over (its ``waitUntil``,
    and so ``showNotification``, settled), and only then does the test read, once.
    """

    DONE = "Push event completed"

    def __init__(self, page, base_url: str):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.completed: list[dict] = []
        self.cdp.on("BackgroundService.backgroundServiceEventReceived", self._on_event)
        self.cdp.send("BackgroundService.startObserving", {"service": "pushMessaging"})
        self.cdp.send(
            "BackgroundService.setRecording",
            {"shouldRecord": True, "service": "pushMessaging"},
        )
        self.delivery = {"origin": base_url, "registrationId": self._registration()}

    def _on_event(self, event) -> None:
        record = event["backgroundServiceEvent"]
        if record["eventName"] == self.DONE:
            metadata = {m["key"]: m["value"] for m in record["eventMetadata"]}
            self.completed.append(metadata)

    def _wait(self, condition, what: str) -> None:
        # DevTools events arrive while the page is waited on.
        for _ in range(300):
            if condition():
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"never happened: {what}")

    def _registration(self) -> str:
        """The registration whose worker is active, as DevTools names it: looked
        for once the page says its worker is activated, so that the id is never
        one of a version still installing."""
        self.page.wait_for_function(
            """() => navigator.serviceWorker.ready.then(
                  (r) => r.active && r.active.state === "activated")""",
            polling=100,
        )
        found = []
        self.cdp.on(
            "ServiceWorker.workerVersionUpdated",
            lambda event: found.extend(
                v["registrationId"]
                for v in event["versions"]
                if v["status"] == "activated"
            ),
        )
        self.cdp.send("ServiceWorker.enable")
        self._wait(lambda: found, "an active service worker reported")
        assert len(set(found)) == 1, found
        return found[0]

    def deliver(self, data: str) -> None:
        """Deliver ``data`` and wait until the worker's push event is over."""
        before = len(self.completed)
        self.cdp.send(
            "ServiceWorker.deliverPushMessage", {**self.delivery, "data": data}
        )
        self._wait(lambda: len(self.completed) > before, "the push event completed")
        assert self.completed[-1].get("Status") == "Success", self.completed[-1]


def test_a_pushed_payload_shows_its_notification_on_a_phone(visit, push_on):
    alex = ClientWithLoginFactory(first_name="Alex", email="alex@example.com")
    page = visit.page
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["notifications"], origin=visit.base_url)
    visit.log_in("alex@example.com")

    visit.go("/notifications/", "notifications settings")
    panel = page.locator("[data-push-panel]")
    expect(panel.get_by_role("status")).to_have_text(
        "Notifications are off for this device."
    )
    expect(
        page.get_by_role("button", name="Turn on notifications on this device")
    ).to_be_visible()
    assert visit.no_horizontal_scroll()
    # The topics, ticked until chosen; choosing is one tap and Save.
    page.get_by_label("Session reminders").uncheck()
    page.get_by_role("button", name="Save").click()
    visit.checked("notifications topics saved")
    expect(page.get_by_label("Session reminders")).not_to_be_checked()
    expect(page.get_by_label("New messages")).to_be_checked()

    # What the server writes for a new message, as the push service hands it over.
    device = PushSubscriptionFactory(user=alex.user)
    with transaction.atomic():
        (push,) = push_queue(
            user_id=alex.user_id,
            topic=Topic.MESSAGES,
            key="message:42",
            title="New message from your coach",
            body="Great depth today!",
            url="/notifications/",
        )
    assert push.subscription == device
    pushes = Pushes(page, visit.base_url)
    pushes.deliver(push_payload(push))
    (shown,) = notifications(page)
    assert shown == {
        "title": "New message from your coach",
        "body": "Great depth today!",
        "data": {"url": "/notifications/"},
        "tag": "message:42",
    }
    # A push whose text is not JSON still shows a notification.
    pushes.deliver("plain words")
    shown = notifications(page)
    assert len(shown) == 2
    assert {"title": "Something new", "body": "plain words"} in [
        {"title": n["title"], "body": n["body"]} for n in shown
    ]


def test_without_keys_the_page_says_push_is_off(visit, settings):
    settings.VAPID_PRIVATE_KEY = ""
    ClientWithLoginFactory(email="sam@example.com")
    visit.page.set_viewport_size(PHONE)
    visit.log_in("sam@example.com")
    page = visit.go("/notifications/", "notifications off")
    expect(page.get_by_text("Notifications on the phone are off")).to_be_visible()
    assert visit.no_horizontal_scroll()


# A browser's push subscription, standing in for the push service Chromium would ask
# (there is none on this machine): the page's script subscribes, saves and
# unsubscribes through it exactly as through the real one.
FAKE_PUSH_MANAGER = """
(() => {
  const keys = %s;
  const subscription = {
    endpoint: "https://push.example.com/fake/1",
    options: {applicationServerKey: null},
    toJSON() { return {endpoint: this.endpoint, keys: keys}; },
    unsubscribe() {
      localStorage.removeItem("fake-subscription");
      return Promise.resolve(true);
    },
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(
      localStorage.getItem("fake-subscription") ? subscription : null
    );
  };
  PushManager.prototype.subscribe = function (options) {
    if (!options.userVisibleOnly || !options.applicationServerKey) {
      return Promise.reject(new Error("bad options"));
    }
    localStorage.setItem("fake-subscription", "1");
    return Promise.resolve(subscription);
  };
})();
"""


def wait_for(page, condition, what: str) -> None:
    for _ in range(200):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never happened: {what}")


def test_one_tap_turns_this_device_on_the_app_re_syncs_it_and_one_tap_turns_it_off(
    visit, push_on
):
    from notifications.models import PushSubscription
    from tests.factories import _push_keys

    alex = ClientWithLoginFactory(first_name="Alex", email="alex@example.com")
    page = visit.page
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["notifications"], origin=visit.base_url)
    page.context.add_init_script(FAKE_PUSH_MANAGER % json.dumps(_push_keys()))
    visit.log_in("alex@example.com")
    visit.go("/notifications/", "notifications off for this device")

    page.get_by_role("button", name="Turn on notifications on this device").click()
    expect(page.locator("[data-push-status]")).to_have_text(
        "Notifications are on for this device."
    )
    visit.checked("notifications on for this device")
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=Path(SCREENSHOT_DIR) / "notifications-settings-phone.png",
            full_page=True,
            caret="initial",
        )
    device = PushSubscription.objects.get()
    assert device.user == alex.user
    assert device.endpoint == "https://push.example.com/fake/1"
    expect(page.locator("[data-device]")).to_have_count(1)

    # The server lost the device (say, a restore): opening the app again sends it.
    device.delete()
    page.evaluate("sessionStorage.clear()")
    visit.go("/my/program/", "my program re-syncs")
    wait_for(page, PushSubscription.objects.exists, "the device re-synced")

    visit.go("/notifications/", "notifications on again")
    page.get_by_role("button", name="Turn off on this device").click()
    expect(page.locator("[data-push-status]")).to_have_text(
        "Notifications are off for this device."
    )
    assert not PushSubscription.objects.exists()
    expect(page.get_by_text("None yet.")).to_be_visible()


# Tapping a notification, in the worker. Headless Chromium shows no notification one
# can tap, and lets a worker open or focus a window only inside a real tap's event
# (anywhere else: "Not allowed to open a window"). So the tap's own function runs in
# the worker, on a notification the worker showed for a pushed payload, with the
# worker's real list of open windows; what it would open or bring forward is written
# down, and the test then opens that page.
TAP = """async (tag) => {
  const [notification] = await self.registration.getNotifications({tag});
  const asked = [];
  const clients = {
    matchAll: (options) => self.clients.matchAll(options).then((windows) =>
      windows.map((w) => ({url: w.url, focus: () => asked.push(["focus", w.url])}))),
    openWindow: (url) => asked.push(["open", url]),
  };
  await notificationOpen(notification, clients);
  return asked;
}"""


def _worker(page):
    for _ in range(300):
        found = [w for w in page.context.service_workers if w.url.endswith("/sw.js")]
        if found:
            return found[0]
        page.wait_for_timeout(50)
    raise AssertionError("no service worker")


def test_tapping_a_notification_opens_its_page_on_this_site_only(visit, push_on):
    ClientWithLoginFactory(first_name="Alex", email="alex@example.com")
    page = visit.page
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["notifications"], origin=visit.base_url)
    visit.log_in("alex@example.com")
    visit.go("/notifications/", "notifications settings")
    pushes = Pushes(page, visit.base_url)
    worker = _worker(page)
    home = visit.base_url + "/"

    def tap(url: str, tag: str) -> list:
        pushes.deliver(json.dumps({"title": "T", "body": "B", "url": url, "tag": tag}))
        return worker.evaluate(TAP, tag)

    # A page not open yet: it opens, and it is Alex's thread.
    ((how, url),) = tap("/my/thread/", "message:1")
    assert (how, url) == ("open", visit.base_url + "/my/thread/")
    visit.go(url, "the thread a notification opens")
    expect(
        page.get_by_text("The owner of the business can read this thread.")
    ).to_be_visible()
    # The page already open in a tab: that tab comes to the front, no second one.
    assert tap("/my/thread/", "message:2") == [
        ["focus", visit.base_url + "/my/thread/"]
    ]
    # A link to another site, or not a link at all: the site's home page instead.
    assert tap("https://example.net/phish", "message:3") == [["open", home]]
    assert tap("//example.net/phish", "message:4") == [["open", home]]
    assert tap("javascript:alert(1)", "message:5") == [["open", home]]
