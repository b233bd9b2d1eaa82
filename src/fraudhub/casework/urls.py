from django.urls import path

from .views import actions, calls, cases, money

app_name = "casework"

urlpatterns = [
    path("", cases.queue, name="queue"),
    path("dashboard/", cases.dashboard, name="dashboard"),
    path("calls/", calls.calls, name="calls"),
    path("calls/<int:call_id>/", calls.call_detail, name="call"),
    path("calls/<int:call_id>/outcome/", calls.call_outcome, name="call_outcome"),
    path("calls/<int:call_id>/assign/", calls.call_assign, name="call_assign"),
    path("<int:case_id>/", cases.case_detail, name="case"),
    # getting the victim's money back: payments, claims and their letters
    path("claims-to-chase/", money.claims_to_chase, name="claims_to_chase"),
    path("<int:case_id>/money/", money.money_page, name="money"),
    path("<int:case_id>/money/payments/new/", money.add_payment, name="add_payment"),
    path("<int:case_id>/money/claims/new/", money.add_claim, name="add_claim"),
    path("<int:case_id>/money/claims/<int:claim_id>/", money.claim_detail, name="claim"),
    path(
        "<int:case_id>/money/claims/<int:claim_id>/letter/",
        money.write_letter,
        name="claim_letter",
    ),
    path(
        "<int:case_id>/money/letters/<int:letter_id>/",
        money.download_letter,
        name="recovery_letter",
    ),
    path("<int:case_id>/<slug:action>/", actions.case_action, name="action"),
    path("<int:case_id>/<slug:action>/<int:item_id>/", actions.item_action, name="item_action"),
]
