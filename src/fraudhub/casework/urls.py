from django.urls import path

from .views import actions, calls, cases

app_name = "casework"

urlpatterns = [
    path("", cases.queue, name="queue"),
    path("dashboard/", cases.dashboard, name="dashboard"),
    path("calls/", calls.calls, name="calls"),
    path("calls/<int:call_id>/", calls.call_detail, name="call"),
    path("calls/<int:call_id>/outcome/", calls.call_outcome, name="call_outcome"),
    path("calls/<int:call_id>/assign/", calls.call_assign, name="call_assign"),
    path("<int:case_id>/", cases.case_detail, name="case"),
    path("<int:case_id>/<slug:action>/", actions.case_action, name="action"),
    path("<int:case_id>/<slug:action>/<int:item_id>/", actions.item_action, name="item_action"),
]
