from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("report/", views.start, name="start"),
    path("report/start-again/", views.start_again, name="start_again"),
    path("report/check-answers/", views.check, name="check"),
    path("report/sent/", views.confirmation, name="confirmation"),
    path("report/<slug:slug>/", views.step, name="step"),
    path("track/", views.track, name="track"),
    path("track/<str:reference>/", views.track_session, name="track_session"),
    path("track/<str:reference>/<str:secret>/", views.track_report, name="track_report"),
    path("staff/reports/new/", views.phone_entry, name="phone_entry"),
]
