from django.urls import path

from . import evidence_views, phone_views, views
from .partner import views as partner_views

app_name = "intake"

urlpatterns = [
    path("report/", views.start, name="start"),
    path("report/start-again/", views.start_again, name="start_again"),
    path("report/delete-answers/", views.clear_answers, name="clear_answers"),
    path("report/check-answers/", views.check, name="check"),
    path("report/sent/", views.confirmation, name="confirmation"),
    path("report/<slug:slug>/", views.step, name="step"),
    path("track/", views.track, name="track"),
    path("track/<str:reference>/", views.track_session, name="track_session"),
    path(
        "track/<str:reference>/add-information/",
        evidence_views.add_information,
        name="add_information",
    ),
    path("track/<str:reference>/<str:secret>/", views.track_report, name="track_report"),
    path("staff/reports/new/", phone_views.phone_entry, name="phone_entry"),
    path(
        "staff/reports/<str:reference>/after-the-call/",
        phone_views.phone_ending,
        name="phone_ending",
    ),
    path(
        "staff/reports/<str:reference>/after-the-call/send/<slug:channel>/",
        phone_views.phone_send_link,
        name="phone_send_link",
    ),
    path(
        "staff/reports/<str:reference>/after-the-call/letter/",
        phone_views.phone_letter,
        name="phone_letter",
    ),
    path("staff/referrals/new/", partner_views.refer, name="refer"),
    path("staff/imports/", partner_views.imports, name="imports"),
    path("staff/imports/template.csv", partner_views.import_template, name="import_template"),
    path("staff/imports/<int:pk>/", partner_views.import_detail, name="import_detail"),
    path(
        "staff/imports/<int:pk>/problems.csv", partner_views.import_problems, name="import_problems"
    ),
    path("staff/quarantine/", partner_views.quarantine, name="quarantine"),
    path("staff/quarantine/<int:pk>/", partner_views.quarantined_row, name="quarantined_row"),
]
