"""Staff pages about alert subscribers: the reach of the alerts, and an alert's delivery
log. Counts and masked addresses only; the hub's own staff who see intelligence."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.prevention.models import Alert
from fraudhub.prevention.selectors import subscribers as selectors


@require(Permission.SEE_INTELLIGENCE)
def subscribers(request: HttpRequest) -> HttpResponse:
    selectors.check_hub_staff(request.user)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "prevention/subscribers.html",
        {"reach": selectors.reach(request.user), "alerts": selectors.alerts_sent(request.user)},
    )


@require(Permission.SEE_INTELLIGENCE)
def deliveries(request: HttpRequest, alert_id: int) -> HttpResponse:
    selectors.check_hub_staff(request.user)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    alert = get_object_or_404(Alert.objects.only("pk", "title", "status"), pk=alert_id)
    return render(
        request,
        "prevention/deliveries.html",
        {"alert": alert, "log": selectors.delivery_log(request.user, alert.pk)},
    )
