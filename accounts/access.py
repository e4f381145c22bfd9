"""Who may open which page: the one place where roles are checked.

Every view is wrapped in exactly one of these decorators. Each marks the view with its
``access`` so that the authorization test can enumerate every route and fail on one
that is not classified. Ownership of objects (trainer A never sees trainer B's client)
is decided by the selectors, which every view uses to fetch what it shows.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.models import User

View = Callable[..., HttpResponse]


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    USER = "user"  # anyone signed in, whatever the role
    CLIENT = "client"
    TRAINER = "trainer"
    ADMIN = "admin"
    WRITER = "writer"  # the owner or a trainer: those who write the coach's posts


ROLE_FOR_ACCESS = {
    Access.CLIENT: User.Role.CLIENT,
    Access.TRAINER: User.Role.TRAINER,
    Access.ADMIN: User.Role.ADMIN,
}
# An access that more than one role has.
ROLES_FOR_ACCESS = {
    **{access: {role} for access, role in ROLE_FOR_ACCESS.items()},
    Access.WRITER: {User.Role.ADMIN, User.Role.TRAINER},
}


def _mark(view: View, access: Access) -> View:
    view.access = access
    return view


def public(view: View) -> View:
    return _mark(view, Access.PUBLIC)


def _require(access: Access) -> Callable[[View], View]:
    roles = ROLES_FOR_ACCESS.get(access)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles is not None and request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, access)

    return decorator


login_required = _require(Access.USER)
client_required = _require(Access.CLIENT)
trainer_required = _require(Access.TRAINER)
admin_required = _require(Access.ADMIN)
writer_required = _require(Access.WRITER)


def access_of(view: View) -> Access | None:
    return getattr(view, "access", None)
