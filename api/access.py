"""Who may call which endpoint: the API's side of ``accounts.access``.

Each route is built here from a view class and the one role it serves, so that the
check (a permission class, as DRF runs it: 401 without credentials, 403 for another
role) and the mark the authorization test reads (``view.access``) come from the same
place and cannot drift apart. Which objects a caller reaches is decided, as on the
pages, by the selectors the views call.
"""

from rest_framework.permissions import AllowAny, BasePermission

from accounts.access import ROLE_FOR_ACCESS, Access
from accounts.middleware import activate_time_zone


class _HasRole(BasePermission):
    role: str = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == self.role)


class _OnTheCallersClock:
    """DRF authenticates an API key inside the view, after the middleware has read
    the request as anonymous: the caller's zone is made current here, so that
    "today" is theirs, as on the pages."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        activate_time_zone(request.user)


def _permission_for(access: Access) -> type[BasePermission]:
    if access is Access.PUBLIC:
        return AllowAny
    return type(f"Is{access.title()}", (_HasRole,), {"role": ROLE_FOR_ACCESS[access]})


def api_route(view_class, access: Access, actions: dict[str, str] | None = None):
    """``view_class`` (an APIView, or a ViewSet with its ``actions``) as a view
    that only ``access`` may call, marked for the authorization test.

    Every route runs in the request's transaction (``ATOMIC_REQUESTS``), even one
    that only reads: DRF rolls back the innermost transaction on every refusal (a
    403, a 404), which outside the request's own would be whatever transaction
    surrounds the request."""
    view_class = type(view_class.__name__, (_OnTheCallersClock, view_class), {})
    permission = _permission_for(access)
    initkwargs = {"permission_classes": [permission]}
    if actions is None:
        view = view_class.as_view(**initkwargs)
    else:
        view = view_class.as_view(actions, **initkwargs)
    view.access = access
    return view
