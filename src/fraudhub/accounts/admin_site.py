"""The admin site asks for the same sign-in as the staff pages, second factor included."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from fraudhub.governance.access import allowed
from fraudhub.governance.roles import Permission


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Active administrators (staff status and the administer permission) whose
        session passed the second factor."""
        user = request.user
        verified = getattr(user, "is_verified", None)
        return bool(
            user.is_active
            and user.is_staff
            and verified is not None
            and verified()
            and allowed(user, Permission.ADMINISTER)
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The staff sign-in page, coming back to the admin page asked for."""
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': target})}")
