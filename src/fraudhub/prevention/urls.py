"""Prevention's public pages: alerts, subscriptions and "check before you pay"."""

from django.urls import path  # noqa: F401

app_name = "prevention"

urlpatterns: list = []
