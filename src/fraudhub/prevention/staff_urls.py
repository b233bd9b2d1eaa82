"""Prevention's staff pages, under /staff/prevention/: drafting and approving alerts,
publishing identifiers, partner look-up, warnings to people at risk, awareness activity."""

from django.urls import path

from fraudhub.prevention import subscriber_views

app_name = "prevention_staff"

urlpatterns = [
    path("subscribers/", subscriber_views.subscribers, name="subscribers"),
    path(
        "alerts/<int:alert_id>/deliveries/",
        subscriber_views.deliveries,
        name="deliveries",
    ),
]
