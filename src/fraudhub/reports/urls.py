from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report_list"),
    path("reports-reason/", views.lists_reason, name="lists_reason"),
    path("reports/<str:reference>/", views.report_detail, name="report_detail"),
    path("reports/<str:reference>/reason/", views.report_reason, name="report_reason"),
    path("reports/<str:reference>/updates/", views.add_update, name="add_update"),
    path("reports/<str:reference>/merge/", views.merge, name="merge"),
    path(
        "reports/<str:reference>/evidence/<int:file_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
