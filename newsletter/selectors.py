from django.db.models import QuerySet

from newsletter.models import Subscriber

EXPORT_FIELDS = [
    "email",
    "first_name",
    "status",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
]


def subscriber_export_rows(*, subscribers: QuerySet[Subscriber]) -> QuerySet:
    """The columns of a subscriber export (``EXPORT_FIELDS``), oldest sign-up first."""
    return subscribers.order_by("created_at", "pk").values_list(*EXPORT_FIELDS)


def subscriber_find(*, pk: int) -> Subscriber | None:
    """The subscriber an unsubscribe link names, or None if they are gone."""
    return Subscriber.objects.filter(pk=pk).first()
