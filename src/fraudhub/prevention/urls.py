"""Prevention's public pages: alerts, subscriptions and "check before you pay"."""

from django.urls import path

from fraudhub.prevention import subscription_views

app_name = "prevention"

urlpatterns = [
    path("alerts/subscribe/", subscription_views.subscribe, name="subscribe"),
    path(
        "alerts/subscribe/check-your-email/",
        subscription_views.check_email,
        name="check_email",
    ),
    path("alerts/confirm/<str:token>/", subscription_views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", subscription_views.manage, name="manage"),
]
