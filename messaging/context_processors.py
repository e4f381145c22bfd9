from django.utils.functional import SimpleLazyObject

from messaging.selectors import unread_count


def unread(request) -> dict:
    """The unread count for the navigation: one query, and only on a page that
    shows it (lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"messages_unread": 0}
    return {"messages_unread": SimpleLazyObject(lambda: unread_count(user=user))}
