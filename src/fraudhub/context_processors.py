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
    """Whether the signed-in person works the fraud hub's cases and may see figures (their
    menu shows them)."""
    from fraudhub.casework.selectors import team_of
    from fraudhub.insight.selectors import may_see_insight

    user = getattr(request, "user", None)
    return {
        "works_cases": user is not None and team_of(user) is not None,
        "sees_insight": user is not None and may_see_insight(user),
    }
