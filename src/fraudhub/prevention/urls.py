"""Prevention's public pages: alerts, subscriptions and "check before you pay"."""

from django.urls import path

from . import views

app_name = "prevention"

urlpatterns: list = [
    # "check before you pay"
    path("check/", views.check, name="check"),
    path("check/ask-for-a-review/", views.ask_for_review, name="ask_for_review"),
    path("check/ask-for-a-review/sent/", views.review_sent, name="review_sent"),
]
