"""Prevention's public pages: alerts, subscriptions and "check before you pay"."""

from django.urls import path
from django.views.decorators.http import require_safe

from fraudhub.prevention.feeds import AlertFeed
from fraudhub.prevention.views import checks, public_alerts, subscriptions

app_name = "prevention"

urlpatterns: list = [
    # "check before you pay"
    path("check/", checks.check, name="check"),
    path("check/ask-for-a-review/", checks.ask_for_review, name="ask_for_review"),
    path("check/ask-for-a-review/sent/", checks.review_sent, name="review_sent"),
    # subscribing to alerts (before an alert's own address, which would take "subscribe")
    path("alerts/subscribe/", subscriptions.subscribe, name="subscribe"),
    path(
        "alerts/subscribe/check-your-email/",
        subscriptions.check_email,
        name="check_email",
    ),
    path("alerts/confirm/<str:token>/", subscriptions.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", subscriptions.manage, name="manage"),
    # scam alerts
    path("alerts/", public_alerts.alert_list, name="alert_list"),
    path("alerts/feed/", require_safe(AlertFeed()), name="alert_feed"),
    path("alerts/<str:public_id>/", public_alerts.alert_detail, name="alert_detail"),
    path("alerts/<str:public_id>/poster/", public_alerts.alert_poster, name="alert_poster"),
]
