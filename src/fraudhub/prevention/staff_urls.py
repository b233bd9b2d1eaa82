"""Prevention's staff pages, under /staff/prevention/: drafting and approving alerts,
publishing identifiers, partner look-up, warnings to people at risk, awareness activity."""

from django.urls import path

from . import views

app_name = "prevention_staff"

urlpatterns: list = [
    # publishing identifiers for "check before you pay", and what the public checked
    path("published/", views.published_list, name="published_list"),
    path("published/new/", views.publish, name="publish"),
    path("published/<int:published_id>/withdraw/", views.withdraw, name="withdraw"),
    path("early-signs/", views.early_signs, name="early_signs"),
    path("review-requests/", views.review_requests, name="review_requests"),
    path("review-requests/<int:request_id>/", views.review_request, name="review_request"),
    # partner look-up
    path("look-up/", views.look_up, name="look_up"),
]
