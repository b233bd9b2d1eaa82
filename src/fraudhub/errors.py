"""Error pages with DEBUG off: a staff page that is not found answers inside the staff
service (its menu, its name), any other inside the public one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    staff = request.path.startswith("/staff/")
    template = loader.get_template("staff/404.html" if staff else "404.html")
    return HttpResponseNotFound(template.render({}, request))
