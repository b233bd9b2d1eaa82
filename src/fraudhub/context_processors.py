"""Values every page needs: the service and area names an operator sets."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.FRAUDHUB_SERVICE_NAME,
        "area_name": settings.FRAUDHUB_AREA_NAME,
    }


def staff(request: HttpRequest) -> dict[str, Any]:
    """Whether the signed-in person works the fraud hub's cases, and whether they see every
    report, so analyse the hub's intelligence (their menu shows what they do)."""
    from fraudhub.casework.selectors import team_of
    from fraudhub.governance.audit import organisation_of

    user = getattr(request, "user", None)
    organisation = organisation_of(user)
    return {
        "works_cases": user is not None and team_of(user) is not None,
        "sees_intelligence": user is not None
        and user.is_authenticated
        and (user.is_superuser or (organisation is not None and organisation.sees_all_reports)),
    }
