"""Values every page needs: the service and area names an operator sets."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.FRAUDHUB_SERVICE_NAME,
        "area_name": settings.FRAUDHUB_AREA_NAME,
    }
