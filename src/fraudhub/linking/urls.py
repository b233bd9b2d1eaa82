from django.urls import URLPattern, path

from . import person_views

app_name = "linking"

urlpatterns: list[URLPattern] = [
    # people links
    path("people/<int:person_id>/", person_views.person, name="person"),
    path(
        "people/<int:person_id>/links/<int:other_id>/",
        person_views.person_link,
        name="person_link",
    ),
]
