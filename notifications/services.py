"""Web Push, in the outbox's shape (``outbox.services``).

- **Queueing**: ``push_queue`` (one event) and ``push_queue_many`` (a batch, such as
  the session reminders) write one ``Push`` row per device of each user who wants the
  topic, keyed by the event, in the caller's transaction, and hand the rows to a
  worker once it commits (``push_send_many_task``). A broker outage loses nothing:
  the push sweep (on beat, every minute) sends what was never handed out, what is due
  for a retry and what a dead worker left claimed.
- **Sending**: a worker claims rows with a conditional UPDATE (of two workers racing
  for a row exactly one wins), sends each with pywebpush and marks it sent as soon as
  the push service accepts it: a crash sends at most the one on the wire twice.
- **Answers**: 404 or 410 (the device unsubscribed or the browser dropped it) removes
  the subscription and its pushes; 429, a 5xx or no answer (the push service down)
  is retried later with a backoff, up to ``MAX_ATTEMPTS``; any other refusal fails
  that push.
- **Off**: without VAPID keys (``VAPID_PRIVATE_KEY``) push is off: nothing is
  queued, and the settings page says so.
"""

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import monotonic

import requests
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.templatetags.static import static
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from accounts.models import User
from notifications.keys import b64decode
from notifications.models import Push, PushPreference, PushSubscription, Topic
from notifications.selectors import push_enabled
from outbox.services import claim_timeout

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH_SIZE = 100
SWEEP_LIMIT = 5000
# How long a push service keeps a push for a device that is off or out of signal.
TIME_TO_LIVE = 24 * 60 * 60
# Seconds to wait for the push service (connecting, then answering).
TIMEOUT = (5, 10)
DEADLINE_REACHED = "Left for the next worker: this one's time was up"
TIME_LIMIT = SoftTimeLimitExceeded("Stopped by the task's soft time limit")

ENDPOINT_NOT_HTTPS = "A push service's address starts with https://."
KEY_INVALID = "This is not the browser's public key for push (65 bytes, base64url)."
AUTH_INVALID = "This is not the browser's auth secret for push (16 bytes, base64url)."


# --- Devices and topics ----------------------------------------------------------


def subscription_save(
    *,
    user: User,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str = "",
    now: datetime | None = None,
) -> PushSubscription:
    """Keep the device a browser just subscribed (or re-synced when the app opened):
    its address, keys and user agent, seen now.

    Idempotent: one row per push address. An address already kept for another user
    (a shared device, someone else now logged in) moves to ``user``.
    """
    now = now or timezone.now()
    errors = {}
    if not endpoint.startswith("https://"):
        errors["endpoint"] = ENDPOINT_NOT_HTTPS
    if not _decodes_to(p256dh, 65, first=0x04):
        errors["p256dh"] = KEY_INVALID
    if not _decodes_to(auth, 16):
        errors["auth"] = AUTH_INVALID
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subscription = (
            PushSubscription.objects.select_for_update()
            .filter(endpoint=endpoint)
            .first()
        ) or PushSubscription(endpoint=endpoint)
        subscription.user = user
        subscription.p256dh = p256dh
        subscription.auth = auth
        subscription.user_agent = user_agent[:300]
        subscription.last_seen_at = now
        subscription.full_clean(validate_unique=False)
        subscription.save()
    return subscription


def _decodes_to(text: str, size: int, first: int | None = None) -> bool:
    try:
        raw = b64decode(text)
    except ValueError:
        return False
    return len(raw) == size and (first is None or raw[0] == first)


def subscription_remove(
    *, user: User, endpoint: str = "", pk: int | None = None
) -> int:
    """Forget one of ``user``'s devices, by its push address (the device turning
    itself off) or its id (the list of devices); how many were removed (0 for
    another user's device). Its pushes not yet sent go with it. Idempotent."""
    devices = PushSubscription.objects.filter(user=user)
    if pk is not None:
        devices = devices.filter(pk=pk)
    elif endpoint:
        devices = devices.filter(endpoint=endpoint)
    else:
        return 0
    _, removed = devices.delete()
    return removed.get(PushSubscription._meta.label, 0)


def preference_save(*, user: User, topics: Iterable[str]) -> PushPreference:
    """Choose the topics ``user`` gets pushes for, on every device. Idempotent."""
    chosen = set(topics)
    unknown = chosen - set(Topic.values)
    if unknown:
        raise ValidationError(
            {"topics": f"Unknown topics: {', '.join(sorted(unknown))}"}
        )
    preference, _ = PushPreference.objects.update_or_create(
        user=user, defaults={topic: topic in chosen for topic in Topic.values}
    )
    return preference


# --- Queueing --------------------------------------------------------------------


@dataclass(frozen=True)
class PushDraft:
    """A push to write for one user, as ``push_queue`` takes it."""

    user_id: int
    topic: Topic
    key: str
    title: str
    body: str = ""
    url: str = "/"


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def push_queue(
    *, user_id: int, topic: Topic, key: str, title: str, body: str = "", url: str = "/"
) -> list[Push]:
    """Write a push about ``topic`` to each device of the user ``user_id``, in the
    caller's transaction, and send them once it commits; none if the user turned
    the topic off, has no device, or push is off.

    Idempotent: a second call with the same ``key`` queues nothing more. If the
    broker is down the pushes stay pending and the sweep sends them.
    """
    return push_queue_many(
        drafts=[
            PushDraft(
                user_id=user_id, topic=topic, key=key, title=title, body=body, url=url
            )
        ]
    )


def push_queue_many(*, drafts: Iterable[PushDraft]) -> list[Push]:
    """Write many pushes at once (three reads and one INSERT however many), each to
    every device of its user who wants its topic, and send them in batches once the
    caller's transaction commits. Idempotent as ``push_queue``: keys already written
    for a device are skipped."""
    drafts = list(drafts)
    if not drafts or not push_enabled():
        return []
    user_ids = {draft.user_id for draft in drafts}
    preferences = {
        p.user_id: p for p in PushPreference.objects.filter(user_id__in=user_ids)
    }
    devices: dict[int, list[int]] = defaultdict(list)
    for subscription_id, user_id in PushSubscription.objects.filter(
        user_id__in=user_ids
    ).values_list("pk", "user_id"):
        devices[user_id].append(subscription_id)
    if not devices:
        return []
    keys = {draft.key for draft in drafts}
    written = set(
        Push.objects.filter(key__in=keys).values_list("key", "subscription_id")
    )
    pushes = []
    for draft in drafts:
        preference = preferences.get(draft.user_id)
        if preference is not None and not getattr(preference, draft.topic):
            continue
        for subscription_id in devices.get(draft.user_id, ()):
            if (draft.key, subscription_id) in written:
                continue
            written.add((draft.key, subscription_id))
            pushes.append(
                Push(
                    key=draft.key[:200],
                    subscription_id=subscription_id,
                    topic=draft.topic,
                    title=_cut(draft.title, 120),
                    body=_cut(draft.body, 400),
                    url=draft.url[:500] if draft.url.startswith("/") else "/",
                )
            )
    if not pushes:
        return []
    pushes = Push.objects.bulk_create(pushes)
    ids = [push.pk for push in pushes]
    transaction.on_commit(lambda: push_dispatch_batches(push_ids=ids))
    return pushes


def push_dispatch_batches(*, push_ids: Sequence[int]) -> None:
    """Hand pushes to the workers in batches of ``BATCH_SIZE``, one task each. A
    broker outage is logged, not raised: the rows are due at once for the sweep."""
    from notifications.tasks import push_send_many_task

    for start in range(0, len(push_ids), BATCH_SIZE):
        batch = list(push_ids[start : start + BATCH_SIZE])
        try:
            push_send_many_task.delay(batch)
        except Exception:  # the broker's errors vary by transport
            logger.warning("Broker unavailable; pushes left for the sweep")
            Push.objects.filter(
                pk__in=push_ids[start:], status=Push.Status.PENDING, retry_at=None
            ).update(retry_at=timezone.now())
            return


# --- Sending ---------------------------------------------------------------------


def push_claim_many(*, push_ids: Sequence[int], now: datetime) -> list[Push]:
    """Claim those of ``push_ids`` still due with one conditional UPDATE, and return
    them with their devices: of two workers racing for a batch, each push goes to
    exactly one."""
    claimed = (
        Push.objects.due_for_sending(now=now, stale_before=now - claim_timeout())
        .filter(pk__in=push_ids, attempts__lt=MAX_ATTEMPTS)
        .update(status=Push.Status.SENDING, claimed_at=now, updated_at=now)
    )
    if not claimed:
        return []
    return list(
        Push.objects.filter(pk__in=push_ids, status=Push.Status.SENDING, claimed_at=now)
        .select_related("subscription")
        .order_by("created_at", "pk")
    )


def push_payload(push: Push) -> str:
    """What the service worker reads from a push (``static/js/push-sw.js``)."""
    return json.dumps(
        {
            "title": push.title,
            "body": push.body,
            "url": push.url,
            "tag": push.key,
            "icon": static("img/icon-192.png"),
        }
    )


class Gone(Exception):
    """The push service no longer knows the device (404, 410)."""


def is_transient(error: BaseException) -> bool:
    """Whether sending again later may succeed: no answer, a timeout, 429 or a 5xx.
    A refusal of this push (400, 403, 413) will not change."""
    if isinstance(error, WebPushException):
        status = getattr(error.response, "status_code", None)
        return status is None or status == 429 or status >= 500
    return isinstance(
        error, requests.RequestException | OSError | SoftTimeLimitExceeded
    )


def _deliver(push: Push, *, vapid: Vapid, session: requests.Session) -> None:
    subscription = push.subscription
    try:
        webpush(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=push_payload(push),
            vapid_private_key=vapid,
            # A new dict each time: pywebpush writes the audience (the push
            # service's origin) into it.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TIME_TO_LIVE,
            timeout=TIMEOUT,
            requests_session=session,
        )
    except WebPushException as exc:
        if getattr(exc.response, "status_code", None) in (404, 410):
            raise Gone from exc
        raise


def push_send_many(
    *,
    push_ids: Sequence[int],
    now: datetime | None = None,
    deadline: float | None = None,
) -> int:
    """Claim a batch of pushes and send them; how many were sent.

    Idempotent: only the worker whose conditional UPDATE claims a row sends it, and a
    sent or failed push is never sent again. Each is marked sent as soon as the push
    service accepts it, so a worker killed mid-batch sends at most the one on the
    wire twice (the sweep takes it over once the claim is stale). No push is started
    after ``deadline`` (a ``time.monotonic()`` reading); the rest go back, due.
    """
    now = now or timezone.now()
    pushes = push_claim_many(push_ids=push_ids, now=now)
    if not pushes:
        return 0
    vapid = Vapid.from_string(settings.VAPID_PRIVATE_KEY)
    sent = 0
    position = 0
    with requests.Session() as session:
        try:
            for position, push in enumerate(pushes):
                if deadline is not None and monotonic() >= deadline:
                    _push_release(pushes[position:], reason=DEADLINE_REACHED)
                    break
                try:
                    _deliver(push, vapid=vapid, session=session)
                except Gone:
                    logger.info("Push subscription %s gone", push.subscription_id)
                    PushSubscription.objects.filter(pk=push.subscription_id).delete()
                    continue
                except SoftTimeLimitExceeded:
                    raise
                except Exception as exc:
                    _push_failed(push, error=exc, now=timezone.now())
                    continue
                Push.objects.filter(pk=push.pk).update(
                    status=Push.Status.SENT,
                    attempts=F("attempts") + 1,
                    sent_at=timezone.now(),
                    updated_at=timezone.now(),
                )
                sent += 1
        except SoftTimeLimitExceeded:
            # The push on the wire may have arrived: it may go once more.
            _push_release(pushes[position:], reason=repr(TIME_LIMIT))
            raise
    return sent


def _push_failed(push: Push, *, error: BaseException, now: datetime) -> None:
    """A transient error puts the push back as pending, due after a backoff (failed
    after ``MAX_ATTEMPTS``); any other fails it at once."""
    attempts = push.attempts + 1
    transient = is_transient(error)
    status = (
        Push.Status.PENDING
        if transient and attempts < MAX_ATTEMPTS
        else Push.Status.FAILED
    )
    Push.objects.filter(pk=push.pk, status=Push.Status.SENDING).update(
        status=status,
        attempts=attempts,
        last_error=repr(error)[:2000],
        retry_at=now + timedelta(seconds=30 * 2**attempts),
        updated_at=now,
    )
    if status == Push.Status.FAILED:
        logger.warning("Push %s failed for good: %r", push.pk, error)


def _push_release(pushes: Sequence[Push], *, reason: str) -> None:
    """Put claimed pushes back as pending and due at once, for the next worker."""
    now = timezone.now()
    Push.objects.filter(
        pk__in=[push.pk for push in pushes], status=Push.Status.SENDING
    ).update(
        status=Push.Status.PENDING, retry_at=now, last_error=reason, updated_at=now
    )


def push_sweep(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> int:
    """Dispatch every push that is due, in batches: never handed to a worker (the
    broker was down), due for a retry, or abandoned by a worker. Returns how many.
    Idempotent: sending claims each row."""
    now = now or timezone.now()
    ids = list(
        Push.objects.due_for_sending(now=now, stale_before=now - claim_timeout())
        .filter(attempts__lt=MAX_ATTEMPTS)
        # A fresh push may still be on its way to a worker; one put back is not.
        .exclude(created_at__gt=now - timedelta(seconds=30), retry_at__isnull=True)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    push_dispatch_batches(push_ids=ids)
    return len(ids)
