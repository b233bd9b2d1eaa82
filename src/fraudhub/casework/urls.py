from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/<slug:action>/", views.case_action, name="action"),
    path("<int:case_id>/<slug:action>/<int:item_id>/", views.case_action, name="item_action"),
]
