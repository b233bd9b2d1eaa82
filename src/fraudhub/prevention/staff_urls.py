"""Prevention's staff pages, under /staff/prevention/: drafting and approving alerts,
publishing identifiers, partner look-up, warnings to people at risk, awareness activity."""

from django.urls import path

from fraudhub.prevention.views import checks, staff_alerts, subscribers
from fraudhub.prevention.views import outreach as outreach_views

app_name = "prevention_staff"

urlpatterns: list = [
    # publishing identifiers for "check before you pay", and what the public checked
    path("published/", checks.published_list, name="published_list"),
    path("published/new/", checks.publish, name="publish"),
    path("published/<int:published_id>/withdraw/", checks.withdraw, name="withdraw"),
    path("early-signs/", checks.early_signs, name="early_signs"),
    path("review-requests/", checks.review_requests, name="review_requests"),
    path("review-requests/<int:request_id>/", checks.review_request, name="review_request"),
    # partner look-up
    path("look-up/", checks.look_up, name="look_up"),
    # scam alerts
    path("alerts/", staff_alerts.alert_list, name="alert_list"),
    path("alerts/new/", staff_alerts.alert_new, name="alert_new"),
    path("alerts/<int:alert_id>/", staff_alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:alert_id>/edit/", staff_alerts.alert_edit, name="alert_edit"),
    path("alerts/<int:alert_id>/submit/", staff_alerts.alert_submit, name="alert_submit"),
    path("alerts/<int:alert_id>/approve/", staff_alerts.alert_approve, name="alert_approve"),
    path("alerts/<int:alert_id>/send-back/", staff_alerts.alert_send_back, name="alert_send_back"),
    path("alerts/<int:alert_id>/withdraw/", staff_alerts.alert_withdraw, name="alert_withdraw"),
    # who is subscribed, and each alert's delivery log
    path("subscribers/", subscribers.subscribers, name="subscribers"),
    path("alerts/<int:alert_id>/deliveries/", subscribers.deliveries, name="deliveries"),
    # warnings to people at risk, awareness activity
    path("warnings/", outreach_views.warnings, name="warnings"),
    path(
        "warnings/campaigns/<int:campaign_id>/",
        outreach_views.prepare,
        name="warning_prepare",
    ),
    path("warnings/<int:batch_id>/", outreach_views.batch, name="warning_batch"),
    path("warnings/<int:batch_id>/approve/", outreach_views.approve, name="warning_approve"),
    path("warnings/<int:batch_id>/letters/", outreach_views.letters, name="warning_letters"),
    path("awareness/", outreach_views.awareness, name="awareness"),
    path("awareness/new/", outreach_views.awareness_new, name="awareness_new"),
    path("awareness/import/", outreach_views.awareness_import, name="awareness_import"),
    path(
        "awareness/import/<int:import_id>/",
        outreach_views.awareness_import_result,
        name="awareness_import_result",
    ),
    path("awareness/template.csv", outreach_views.awareness_template, name="awareness_template"),
]
