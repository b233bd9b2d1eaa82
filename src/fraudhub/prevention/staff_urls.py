"""Prevention's staff pages, under /staff/prevention/: drafting and approving alerts,
publishing identifiers, partner look-up, warnings to people at risk, awareness activity."""

from django.urls import path  # noqa: F401

app_name = "prevention_staff"

urlpatterns: list = []
