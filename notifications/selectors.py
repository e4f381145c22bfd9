from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User
from notifications.models import PushPreference, PushSubscription, Topic


def subscription_list_for_user(*, user: User) -> QuerySet[PushSubscription]:
    """The devices ``user`` turned notifications on for, the latest seen first."""
    return PushSubscription.objects.filter(user=user).order_by("-last_seen_at", "pk")


def preference_topics(*, user: User) -> list[str]:
    """The topics ``user`` gets pushes for: all of them until they choose."""
    preference = PushPreference.objects.filter(user=user).first()
    return preference.topics if preference is not None else list(Topic.values)


def push_enabled() -> bool:
    """Whether the site has VAPID keys, without which no push service accepts ours."""
    return bool(settings.VAPID_PRIVATE_KEY)
