from django.urls import URLPattern, path

from . import campaign_views, views
from .persons import views as person_views

app_name = "linking"

urlpatterns: list[URLPattern] = [
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:cluster_id>/reason/", views.cluster_reason, name="cluster_reason"),
    path(
        "clusters/<int:cluster_id>/bridges/<int:bridge_id>/",
        campaign_views.bridge,
        name="bridge",
    ),
    path(
        "clusters/<int:cluster_id>/confirm/",
        campaign_views.confirm,
        name="confirm_campaign",
    ),
    path("search/", views.search, name="search"),
    # people links
    path("people/", person_views.links_to_check, name="links_to_check"),
    path("people/<int:person_id>/", person_views.person, name="person"),
    path("people/<int:person_id>/reason/", person_views.person_reason, name="person_reason"),
    path(
        "people/<int:person_id>/possible/",
        person_views.possible_person,
        name="possible_person",
    ),
    path(
        "people/<int:person_id>/links/<int:other_id>/",
        person_views.person_link,
        name="person_link",
    ),
]
