"""The TAXII 2.1 server's addresses, under /taxii2/ (docs/api.md)."""

from django.urls import path

from . import views

app_name = "taxii"

COLLECTION = "feeds/collections/<str:collection>/"

urlpatterns = [
    path("", views.DiscoveryView.as_view(), name="discovery"),
    path("feeds/", views.ApiRootView.as_view(), name="api_root"),
    path("feeds/collections/", views.CollectionsView.as_view(), name="collections"),
    path(COLLECTION, views.CollectionView.as_view(), name="collection"),
    path(COLLECTION + "objects/", views.ObjectsView.as_view(), name="objects"),
    path(COLLECTION + "objects/<str:object_id>/", views.ObjectView.as_view(), name="object"),
    path(
        COLLECTION + "objects/<str:object_id>/versions/",
        views.ObjectVersionsView.as_view(),
        name="versions",
    ),
    path(COLLECTION + "manifest/", views.ManifestView.as_view(), name="manifest"),
]
