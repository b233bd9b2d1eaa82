from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:call_id>/", views.call_detail, name="call"),
    path("calls/<int:call_id>/outcome/", views.call_outcome, name="call_outcome"),
    path("calls/<int:call_id>/assign/", views.call_assign, name="call_assign"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/<slug:action>/", views.case_action, name="action"),
    path("<int:case_id>/<slug:action>/<int:item_id>/", views.case_action, name="item_action"),
]
