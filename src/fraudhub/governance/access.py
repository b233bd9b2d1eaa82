"""Who may do what: the one place views, API routes and commands ask. A permission comes
from the person's role (roles.GRANTS, kept as Django groups); the fraud hub's own work also
needs a login of the hub. Which organisation's records a person sees is still decided in
the selectors; this decides what they may do at all, and who the person is: the login
behind a request (`signed_in`: an anonymous user counts as nobody) and the organisation
they work for (`organisation_of`).

Refusals: a role that may not act gets the refusal page (403, `check` and `require`); a
record outside the reader's reach gets the page not found (404), as if it did not exist,
so its existence is not given away. The access matrix (tests/test_access_matrix.py) holds
every route's answer for each role, the few pages that answer otherwise included."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.permissions import BasePermission

from .models import Organisation
from .roles import HUB_ONLY, Permission, Role

if TYPE_CHECKING:
    # Only named in annotations: importing DRF's views loads the API's sign-in classes,
    # which use this module.
    from rest_framework.request import Request
    from rest_framework.views import APIView

Actor = User | AnonymousUser | None
View = TypeVar("View", bound=Callable[..., HttpResponse])

APP_LABEL = "governance"


def signed_in(user: Actor) -> User | None:
    """The login behind `user`, or None for the public, the system and anyone signed out:
    an anonymous user counts as nobody. Whether the login is active is not asked here."""
    if user is None or not user.is_authenticated:
        return None
    return user


def organisation_of(user: Actor) -> Organisation | None:
    """The organisation a staff user works for, or None for the public and the system."""
    login = signed_in(user)
    if login is None:
        return None
    profile = getattr(login, "staff_profile", None)
    return profile.organisation if profile is not None else None


def works_for_hub(user: Actor) -> bool:
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind == Organisation.Kind.FRAUD_HUB


def allowed(user: Actor, permission: Permission) -> bool:
    """Whether `user` may do `permission`: their role grants it (administrators have every
    permission), and for the hub's own work they work for the hub."""
    login = signed_in(user)
    if login is None or not login.is_active:
        return False
    if not login.has_perm(f"{APP_LABEL}.{permission.value}"):
        return False
    return permission not in HUB_ONLY or works_for_hub(login)


def permissions_of(user: Actor) -> dict[str, bool]:
    """Every permission by codename, for templates: `{% if may.work_cases %}`."""
    return {p.value: allowed(user, p) for p in Permission}


def role_names(user: Actor) -> list[str]:
    """The user's roles as administrators named them (their groups), roles first."""
    login = signed_in(user)
    if login is None:
        return []
    names = list(login.groups.values_list("name", flat=True))
    order = {r.value: i for i, r in enumerate(Role)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def reason(user: Actor, permission: Permission) -> str:
    """Why `user` may not do `permission`, in plain words."""
    roles = role_names(user)
    role_text = f"Your role is {' and '.join(roles)}" if roles else "Your login has no role"
    login = signed_in(user)
    if (
        permission in HUB_ONLY
        and login is not None
        and login.has_perm(f"{APP_LABEL}.{permission.value}")
    ):
        organisation = organisation_of(login)
        where = (
            f"you work for {organisation.name}"
            if organisation
            else "your login is not linked to an organisation"
        )
        return (
            f"You cannot {permission.doing}: only the fraud hub's staff can, and {where}. "
            "Ask a Fraud Hub administrator if this is wrong."
        )
    return (
        f"You cannot {permission.doing}. {role_text}, which does not allow it. "
        "Ask a Fraud Hub administrator if you need to."
    )


class Refused(PermissionDenied):
    """A signed-in person asked to do something their role does not allow."""

    def __init__(self, user: Actor, permission: Permission) -> None:
        super().__init__(reason(user, permission))
        self.permission = permission


def check(user: Actor, permission: Permission) -> None:
    """Raise Refused (a 403 page) unless `user` may do `permission`."""
    if not allowed(user, permission):
        raise Refused(user, permission)


def require(*permissions: Permission) -> Callable[[View], View]:
    """A view decorator: the sign-in page for anyone signed out, the refusal page (403) for
    anyone whose role does not allow every permission named."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            for permission in permissions:
                check(request.user, permission)
            return view(request, *args, **kwargs)

        return cast(View, login_required(checked))

    return decorate


def refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page: what could not be done, the person's role and who to ask."""
    message = str(exception) if exception is not None and str(exception) else ""
    return render(
        request,
        "403.html",
        {"message": message, "roles": role_names(request.user)},
        status=403,
    )


class RolePermission(BasePermission):
    """For an API view: the permission each method needs (`required` by method name)."""

    required: dict[str, Permission] = {}

    def has_permission(self, request: Request, view: APIView) -> bool:
        needed = self.required.get(request.method or "GET")
        if needed is None:
            needed = Permission.VIEW_REPORTS
        if allowed(request.user, needed):
            return True
        self.message = reason(request.user, needed)
        return False


def api_permission(**required: Permission) -> type[RolePermission]:
    """A RolePermission needing, for example, GET=Permission.VIEW_REPORTS."""
    return type("RequiredForAPI", (RolePermission,), {"required": dict(required)})
