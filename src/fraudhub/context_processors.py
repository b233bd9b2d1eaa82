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
    """What the signed-in person's menu shows: cases if they work the fraud hub's cases,
    intelligence if they see every report, the map and trends if they may see figures."""
    from fraudhub.casework.selectors import team_of
    from fraudhub.governance.audit import organisation_of
    from fraudhub.insight.selectors import may_see_insight

    user = getattr(request, "user", None)
    organisation = organisation_of(user)
    return {
        "works_cases": user is not None and team_of(user) is not None,
        "sees_intelligence": user is not None
        and user.is_authenticated
        and (user.is_superuser or (organisation is not None and organisation.sees_all_reports)),
        "sees_insight": user is not None and may_see_insight(user),
    }
