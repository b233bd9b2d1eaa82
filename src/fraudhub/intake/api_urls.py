"""The partner API's addresses, under /api/v1/ (docs/api.md)."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("reports/", api.ReportsAPI.as_view(), name="reports"),
    path("reports", api.ReportsWithoutSlashAPI.as_view()),
    path("reports/<str:reference>/", api.ReportAPI.as_view(), name="report"),
]
