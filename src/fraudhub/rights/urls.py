from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.find_person, name="find"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/export/", views.export, name="export"),
    path("people/<int:person_id>/correct/", views.correct, name="correct"),
    path("people/<int:person_id>/<slug:action>/", views.act, name="act"),
    path("retention/", views.retention, name="retention"),
    path("retention/run/", views.retention_run, name="retention_run"),
]
