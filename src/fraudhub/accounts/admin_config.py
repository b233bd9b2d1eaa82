"""Django's admin, on a site that asks for the second factor (admin_site.py). Kept apart
from apps.py, where Django would take it for the accounts app's own configuration."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "fraudhub.accounts.admin_site.StaffAdminSite"
