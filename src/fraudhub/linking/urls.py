from django.urls import URLPattern, path

from . import views

app_name = "linking"

urlpatterns: list[URLPattern] = [
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("search/", views.search, name="search"),
]
